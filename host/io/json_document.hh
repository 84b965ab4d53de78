// Reading a JSON input file: size limit, syntax, duplicate keys, finite numbers.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.hh"

namespace chokepoint {

/// Input files larger than this are refused before they are read.
inline constexpr std::size_t kMaxInputFileBytes = 16u << 20;
/// Deepest nesting accepted; a scenario file needs 6 levels.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonDocument {
  std::string path;
  std::string text;
  boost::json::value root;
};

/// Parse `text` into a document. Syntax errors, duplicate keys and numbers
/// that overflow a double are reported in `diags`; nullopt if any.
std::optional<JsonDocument> parse_json_document(std::string path, std::string text, Diagnostics& diags);

/// Read and parse a file. An unreadable or oversized file is an InputError.
std::optional<JsonDocument> read_json_document(const std::string& path, Diagnostics& diags);

/// Human description of a JSON value's kind and value, for messages:
/// `string "abc"`, `number -0.2`, `an object`, `null`.
std::string describe_json(const boost::json::value& v);

}  // namespace chokepoint
