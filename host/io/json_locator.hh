// Source positions of values in a JSON text, by JSON pointer.
//
// Boost.JSON's DOM keeps no positions, so error messages find theirs by
// scanning the text again: only when an error is reported, and only over
// text that Boost.JSON has already accepted as valid JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, counting characters (UTF-8 code points)
};

/// Line and column of a byte offset.
TextPosition position_of(std::string_view text, std::size_t offset);

struct DuplicateKey {
  std::string pointer;     // pointer of the second occurrence
  std::size_t key_offset;  // byte offset of its key
};

class JsonLocator {
 public:
  /// `text` must be valid JSON and outlive the locator.
  explicit JsonLocator(std::string_view text) : text_(text) {}

  struct Found {
    std::size_t value_offset;
    std::optional<std::size_t> key_offset;  // for object members
  };
  /// Where the value at `pointer` is; nullopt if there is none.
  [[nodiscard]] std::optional<Found> find(std::string_view pointer) const;
  /// Position of the value at `pointer`, or of its nearest existing ancestor.
  [[nodiscard]] TextPosition position(std::string_view pointer, bool at_key) const;
  /// Keys that appear twice in one object (Boost.JSON keeps only the last).
  [[nodiscard]] std::vector<DuplicateKey> duplicate_keys(std::size_t limit) const;

 private:
  std::string_view text_;
};

/// Escape a key for use as a JSON pointer token (~ -> ~0, / -> ~1).
std::string pointer_token(std::string_view key);

}  // namespace chokepoint
