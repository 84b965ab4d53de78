#include "json_cursor.hh"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "diagnostics.hh"
#include "json_locator.hh"
#include "suggest.hh"

namespace chokepoint::report {

JsonCursor::JsonCursor(std::shared_ptr<const JsonDocument> doc)
    : doc_(std::move(doc)), value_(&doc_->root), pointer_("") {}

JsonCursor::JsonCursor(std::shared_ptr<const JsonDocument> doc, const boost::json::value* value, std::string pointer)
    : doc_(std::move(doc)), value_(value), pointer_(std::move(pointer)) {}

void JsonCursor::fail(const std::string& message, bool at_key) const {
  const TextPosition pos = JsonLocator(doc_->text).position(pointer_, at_key);
  throw InputError(fmt::format("{}:{}:{}: {}: {}", doc_->path, pos.line, pos.column,
                               pointer_.empty() ? "(top level)" : pointer_, message));
}

void JsonCursor::expected(std::string_view what) const {
  fail(fmt::format("expected {}, got {}", what, describe_json(*value_)));
}

std::optional<JsonCursor> JsonCursor::find(std::string_view key) const {
  if (!value_->is_object()) expected("an object");
  const auto& object = value_->get_object();
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  return JsonCursor(doc_, &it->value(), pointer_ + "/" + pointer_token(key));
}

JsonCursor JsonCursor::operator[](std::string_view key) const {
  std::optional<JsonCursor> member = find(key);
  if (!member) fail(fmt::format("missing member \"{}\"", key));
  return *member;
}

std::vector<JsonCursor> JsonCursor::items() const {
  if (!value_->is_array()) expected("an array");
  std::vector<JsonCursor> out;
  std::size_t i = 0;
  for (const auto& item : value_->get_array())
    out.push_back(JsonCursor(doc_, &item, pointer_ + "/" + std::to_string(i++)));
  return out;
}

std::vector<std::pair<std::string, JsonCursor>> JsonCursor::members() const {
  if (!value_->is_object()) expected("an object");
  std::vector<std::pair<std::string, JsonCursor>> out;
  for (const auto& member : value_->get_object()) {
    const std::string key(member.key());
    out.emplace_back(key, JsonCursor(doc_, &member.value(), pointer_ + "/" + pointer_token(key)));
  }
  return out;
}

void JsonCursor::allow_only(const std::vector<std::string>& known) const {
  for (const auto& [key, member] : members()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      member.fail(with_suggestion(fmt::format("unknown member \"{}\"", key), key, known), true);
    }
  }
}

double JsonCursor::number() const {
  if (value_->is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value_->is_number()) expected("a number");
  return value_->to_number<double>();
}

std::uint64_t JsonCursor::whole_number() const {
  if (value_->is_uint64()) return value_->get_uint64();
  if (value_->is_int64() && value_->get_int64() >= 0) return static_cast<std::uint64_t>(value_->get_int64());
  expected("a whole number >= 0");
}

std::string JsonCursor::string() const {
  if (!value_->is_string()) expected("a string");
  return std::string(value_->get_string());
}

std::string JsonCursor::string_or_empty() const { return value_->is_null() ? std::string() : string(); }

bool JsonCursor::boolean() const {
  if (!value_->is_bool()) expected("true or false");
  return value_->get_bool();
}

JsonCursor read_json_file(const std::string& path) {
  Diagnostics diags;
  std::optional<JsonDocument> doc = read_json_document(path, diags);
  if (!doc) {
    std::string text = diags.format(path);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    throw InputError(text);
  }
  return JsonCursor(std::make_shared<const JsonDocument>(std::move(*doc)));
}

}  // namespace chokepoint::report
