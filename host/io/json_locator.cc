#include "json_locator.hh"

#include <boost/json.hpp>

#include <charconv>
#include <unordered_set>

namespace chokepoint {

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition pos;
  const std::size_t end = offset < text.size() ? offset : text.size();
  for (std::size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++pos.column;
    }
  }
  return pos;
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

/// A cursor over valid JSON text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t at() const { return pos_; }
  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void expect(char) { ++pos_; }  // the text is valid: the character is there

  /// The raw text of a string literal starting at the cursor, quotes included.
  std::string_view string_literal() {
    const std::size_t begin = pos_;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    ++pos_;  // closing quote
    return text_.substr(begin, pos_ - begin);
  }

  /// Skip one value of any kind.
  void skip_value() {
    int depth = 0;
    do {
      skip_ws();
      const char c = peek();
      if (c == '"') {
        string_literal();
      } else if (c == '{' || c == '[') {
        ++depth;
        ++pos_;
      } else if (c == '}' || c == ']') {
        --depth;
        ++pos_;
      } else if (c == ',' || c == ':') {
        ++pos_;
      } else {
        while (pos_ < text_.size() && std::string_view(",}] \t\r\n").find(text_[pos_]) == std::string_view::npos) {
          ++pos_;
        }
      }
    } while (depth > 0 && pos_ < text_.size());
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// The decoded text of a key literal.
std::string decode_key(std::string_view literal) {
  if (literal.find('\\') == std::string_view::npos) return std::string(literal.substr(1, literal.size() - 2));
  const boost::json::value v = boost::json::parse(literal);
  return std::string(v.as_string());
}

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t i = 1;  // skip the leading '/'
  std::string current;
  for (; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(current);
      current.clear();
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      current += pointer[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      current += pointer[i];
    }
  }
  return tokens;
}

void find_duplicates(Scanner& s, const std::string& pointer, std::vector<DuplicateKey>& out, std::size_t limit) {
  s.skip_ws();
  const char c = s.peek();
  if (c == '{') {
    s.expect('{');
    std::unordered_set<std::string> seen;
    s.skip_ws();
    if (s.peek() == '}') {
      s.expect('}');
      return;
    }
    while (true) {
      s.skip_ws();
      const std::size_t key_offset = s.at();
      const std::string key = decode_key(s.string_literal());
      const std::string child = pointer + "/" + pointer_token(key);
      if (!seen.insert(key).second && out.size() < limit) out.push_back({child, key_offset});
      s.skip_ws();
      s.expect(':');
      find_duplicates(s, child, out, limit);
      s.skip_ws();
      if (s.peek() == ',') {
        s.expect(',');
        continue;
      }
      s.expect('}');
      return;
    }
  }
  if (c == '[') {
    s.expect('[');
    s.skip_ws();
    if (s.peek() == ']') {
      s.expect(']');
      return;
    }
    for (std::size_t index = 0;; ++index) {
      find_duplicates(s, pointer + "/" + std::to_string(index), out, limit);
      s.skip_ws();
      if (s.peek() == ',') {
        s.expect(',');
        continue;
      }
      s.expect(']');
      return;
    }
  }
  s.skip_value();
}

}  // namespace

std::optional<JsonLocator::Found> JsonLocator::find(std::string_view pointer) const {
  Scanner s(text_);
  std::optional<std::size_t> key_offset;
  for (const std::string& token : split_pointer(pointer)) {
    s.skip_ws();
    const char c = s.peek();
    bool found = false;
    if (c == '{') {
      s.expect('{');
      while (true) {
        s.skip_ws();
        if (s.peek() != '"') return std::nullopt;  // empty object
        const std::size_t at_key = s.at();
        const std::string key = decode_key(s.string_literal());
        s.skip_ws();
        s.expect(':');
        if (key == token) {
          key_offset = at_key;
          found = true;
          break;
        }
        s.skip_value();
        s.skip_ws();
        if (s.peek() != ',') return std::nullopt;
        s.expect(',');
      }
    } else if (c == '[') {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
      s.expect('[');
      s.skip_ws();
      if (s.peek() == ']') return std::nullopt;
      for (std::size_t i = 0; i < index; ++i) {
        s.skip_value();
        s.skip_ws();
        if (s.peek() != ',') return std::nullopt;
        s.expect(',');
      }
      key_offset.reset();
      found = true;
    }
    if (!found) return std::nullopt;
  }
  s.skip_ws();
  return Found{s.at(), key_offset};
}

TextPosition JsonLocator::position(std::string_view pointer, bool at_key) const {
  std::string_view p = pointer;
  while (true) {
    if (const auto found = find(p)) {
      const std::size_t offset = at_key && found->key_offset ? *found->key_offset : found->value_offset;
      return position_of(text_, offset);
    }
    const std::size_t slash = p.rfind('/');
    if (slash == std::string_view::npos) return position_of(text_, 0);
    p = p.substr(0, slash);
    at_key = false;
  }
}

std::vector<DuplicateKey> JsonLocator::duplicate_keys(std::size_t limit) const {
  std::vector<DuplicateKey> out;
  Scanner s(text_);
  find_duplicates(s, "", out, limit);
  return out;
}

}  // namespace chokepoint
