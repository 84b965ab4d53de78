#include "json_document.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "json_locator.hh"

namespace chokepoint {

namespace {

void find_non_finite(const boost::json::value& v, const std::string& pointer, Diagnostics& diags) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      if (!std::isfinite(v.get_double())) {
        diags.error(pointer, "number is too large: it overflows a double (largest is about 1.8e308)");
      }
      break;
    case boost::json::kind::object:
      for (const auto& member : v.get_object()) {
        find_non_finite(member.value(), pointer + "/" + pointer_token(member.key()), diags);
      }
      break;
    case boost::json::kind::array: {
      std::size_t i = 0;
      for (const auto& item : v.get_array()) find_non_finite(item, pointer + "/" + std::to_string(i++), diags);
      break;
    }
    default:
      break;
  }
}

std::string truncate_for_message(std::string s, std::size_t limit) {
  if (s.size() > limit) {
    s.resize(limit);
    s += "...";
  }
  return s;
}

/// Whether `offset` is inside a string literal of `text`, which is valid JSON up to there.
bool inside_string(std::string_view text, std::size_t offset) {
  bool inside = false;
  for (std::size_t i = 0; i < offset; ++i) {
    if (inside && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      inside = !inside;
    }
  }
  return inside;
}

/// Whether the six characters before `offset` are a \u escape of the first
/// half of a UTF-16 surrogate pair (D800 to DBFF): Boost.JSON then reports a
/// plain syntax error at whatever follows, since the second half is missing.
bool follows_leading_surrogate(std::string_view text, std::size_t offset) {
  if (offset < 6 || text[offset - 6] != '\\' || text[offset - 5] != 'u') return false;
  const char d = static_cast<char>(text[offset - 4] | 0x20);
  const char x = static_cast<char>(text[offset - 3] | 0x20);
  return d == 'd' && (x == '8' || x == '9' || x == 'a' || x == 'b');
}

/// The last character before `offset` that is not whitespace ('\0' if none).
char previous_token(std::string_view text, std::size_t offset) {
  while (offset > 0) {
    const char c = text[--offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
  }
  return '\0';
}

/// What went wrong at `offset`, in words a user can act on; the usual
/// mistakes of hand-written JSON are named.
std::string describe_parse_error(const boost::system::error_code& ec, std::string_view text, std::size_t offset) {
  if (ec == boost::json::error::too_deep) return fmt::format("nesting deeper than {} levels", kMaxJsonDepth);
  if (ec == boost::json::error::extra_data) return "unexpected text after the end of the JSON value";
  if (ec == boost::json::error::illegal_leading_surrogate || ec == boost::json::error::illegal_trailing_surrogate ||
      follows_leading_surrogate(text, offset)) {
    return "a \\u escape in this string is half of a UTF-16 surrogate pair without the other half";
  }
  if (offset == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return "the file starts with a byte order mark (EF BB BF); save it as UTF-8 without one";
  }
  if (offset >= text.size()) return "unexpected end of file: " + ec.message() + " (is the file truncated?)";
  const auto c = static_cast<unsigned char>(text[offset]);
  if (c >= 0x80) return "invalid UTF-8 (the file must be UTF-8 encoded)";
  if (c < 0x20 && inside_string(text, offset)) {
    return fmt::format("control character 0x{:02x} in a string (write it as an escape such as \\n or \\u{:04x})", c, c);
  }
  const std::string_view rest = text.substr(offset);
  if (rest.substr(0, 3) == "NaN" || rest.substr(0, 8) == "Infinity") {
    return "NaN and Infinity are not JSON numbers (numbers must be finite)";
  }
  if (c == '/') return "comments are not allowed in JSON";
  if (c == '\'') return "strings must be in double quotes";
  if ((c == ']' || c == '}') && previous_token(text, offset) == ',') {
    return fmt::format("comma before '{}' (JSON allows no trailing commas)", static_cast<char>(c));
  }
  if (c >= 0x20 && c < 0x7f) return fmt::format("{} at '{}'", ec.message(), static_cast<char>(c));
  return fmt::format("{} at byte 0x{:02x}", ec.message(), c);
}

}  // namespace

std::string describe_json(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return fmt::format("number {}", v.get_int64());
    case boost::json::kind::uint64:
      return fmt::format("number {}", v.get_uint64());
    case boost::json::kind::double_:
      return fmt::format("number {}", v.get_double());
    case boost::json::kind::string:
      return "string " + truncate_for_message(boost::json::serialize(v), 60);
    case boost::json::kind::array:
      return fmt::format("an array of {} items", v.get_array().size());
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

std::optional<JsonDocument> parse_json_document(std::string path, std::string text, Diagnostics& diags) {
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const TextPosition pos = position_of(text, consumed);
    diags.error_at(pos.line, pos.column, "invalid JSON: " + describe_parse_error(ec, text, consumed));
    return std::nullopt;
  }
  JsonDocument doc{std::move(path), std::move(text), parser.release()};
  const JsonLocator locator(doc.text);
  for (const DuplicateKey& dup : locator.duplicate_keys(Diagnostics::kMaxKept)) {
    // The pointer also names the first occurrence: report the position of this one.
    const TextPosition pos = position_of(doc.text, dup.key_offset);
    diags.error_at(dup.pointer, pos.line, pos.column, "duplicate key: this object already has a member with this name", true);
  }
  find_non_finite(doc.root, "", diags);
  if (!diags.empty()) {
    diags.locate(locator);  // the text goes away with the document
    return std::nullopt;
  }
  return doc;
}

std::optional<JsonDocument> read_json_document(const std::string& path, Diagnostics& diags) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw InputError(fmt::format("{}: no such file", path));
  if (std::filesystem::is_directory(status)) throw InputError(fmt::format("{}: is a directory, expected a JSON file", path));
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxInputFileBytes) {
    throw InputError(fmt::format("{}: file is {} bytes; input files are limited to {} bytes ({} MiB)", path, size,
                                 kMaxInputFileBytes, kMaxInputFileBytes >> 20));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open for reading", path));
  // Read at most one byte past the limit, so that a file that grows (or a
  // pipe) cannot make us read without bound.
  std::string text(kMaxInputFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxInputFileBytes) {
    throw InputError(fmt::format("{}: input files are limited to {} bytes ({} MiB)", path, kMaxInputFileBytes,
                                 kMaxInputFileBytes >> 20));
  }
  return parse_json_document(path, std::move(text), diags);
}

}  // namespace chokepoint
