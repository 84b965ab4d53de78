// Reading back JSON files that chokepoint wrote (results, manifests,
// comparisons, configs), with errors that point at the offending value.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_document.hh"

namespace chokepoint::report {

/// A value inside a parsed document and its JSON pointer. Every accessor that
/// finds the wrong kind of value throws InputError as
/// "FILE:LINE:COL: /pointer: expected ..., got ...".
class JsonCursor {
 public:
  /// The document's root; the cursor shares ownership of the document.
  explicit JsonCursor(std::shared_ptr<const JsonDocument> doc);

  /// A member that must be present.
  [[nodiscard]] JsonCursor operator[](std::string_view key) const;
  /// A member that may be absent (nullopt); a present null is returned as is.
  [[nodiscard]] std::optional<JsonCursor> find(std::string_view key) const;
  /// The items of an array.
  [[nodiscard]] std::vector<JsonCursor> items() const;
  /// The members of an object, in file order.
  [[nodiscard]] std::vector<std::pair<std::string, JsonCursor>> members() const;

  /// Fail on a member not in `known` (with a suggestion for a typo).
  void allow_only(const std::vector<std::string>& known) const;

  [[nodiscard]] bool is_null() const { return value_->is_null(); }
  /// A number; null (how chokepoint writes a non-finite number) reads as NaN.
  [[nodiscard]] double number() const;
  /// A whole number >= 0.
  [[nodiscard]] std::uint64_t whole_number() const;
  [[nodiscard]] std::string string() const;
  /// A string, or "" for null (how chokepoint writes "none").
  [[nodiscard]] std::string string_or_empty() const;
  [[nodiscard]] bool boolean() const;

  [[nodiscard]] const boost::json::value& value() const { return *value_; }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }

  /// Throw InputError naming this value's file, position and pointer;
  /// `at_key`: the position of the member's key rather than its value.
  [[noreturn]] void fail(const std::string& message, bool at_key = false) const;

 private:
  JsonCursor(std::shared_ptr<const JsonDocument> doc, const boost::json::value* value, std::string pointer);
  [[noreturn]] void expected(std::string_view what) const;

  std::shared_ptr<const JsonDocument> doc_;
  const boost::json::value* value_;
  std::string pointer_;
};

/// Read and parse a JSON file (InputError if it is missing or not JSON).
JsonCursor read_json_file(const std::string& path);

}  // namespace chokepoint::report
