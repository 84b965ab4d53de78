#include "json_writer.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace chokepoint {

namespace json = boost::json;

namespace {

bool is_scalar(const json::value& v) { return !v.is_object() && !v.is_array(); }

bool is_scalar_array(const json::array& a) { return std::all_of(a.begin(), a.end(), is_scalar); }

/// Small flat objects ({"p": 0.5, "value": 12, "exact": true}) stay on one line.
bool is_small_flat_object(const json::object& o) {
  return o.size() <= 4 && std::all_of(o.begin(), o.end(), [](const auto& m) {
           return is_scalar(m.value()) && !(m.value().is_string() && m.value().get_string().size() > 40);
         });
}

void write(const json::value& v, std::string& out, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += fmt::format("{}", v.get_int64());
      break;
    case json::kind::uint64:
      out += fmt::format("{}", v.get_uint64());
      break;
    case json::kind::double_:
      out += std::isfinite(v.get_double()) ? fmt::format("{}", v.get_double()) : "null";
      break;
    case json::kind::string:
      out += json::serialize(v);
      break;
    case json::kind::array: {
      const json::array& a = v.get_array();
      if (a.empty()) {
        out += "[]";
      } else if (is_scalar_array(a)) {  // short arrays of numbers stay on one line
        out += "[";
        for (std::size_t i = 0; i < a.size(); ++i) {
          if (i > 0) out += ", ";
          write(a[i], out, indent);
        }
        out += "]";
      } else {
        out += "[\n";
        for (std::size_t i = 0; i < a.size(); ++i) {
          out += pad + "  ";
          write(a[i], out, indent + 1);
          out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += pad + "]";
      }
      break;
    }
    case json::kind::object: {
      const json::object& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        break;
      }
      if (is_small_flat_object(o)) {
        out += "{";
        std::size_t i = 0;
        for (const auto& member : o) {
          out += (i++ > 0 ? ", " : "") + json::serialize(json::value(member.key())) + ": ";
          write(member.value(), out, indent);
        }
        out += "}";
        break;
      }
      out += "{\n";
      std::size_t i = 0;
      for (const auto& member : o) {
        out += pad + "  " + json::serialize(json::value(member.key())) + ": ";
        write(member.value(), out, indent + 1);
        out += ++i < o.size() ? ",\n" : "\n";
      }
      out += pad + "}";
      break;
    }
  }
}

}  // namespace

std::string to_pretty_json(const json::value& v) {
  std::string out;
  write(v, out, 0);
  out += '\n';
  return out;
}

json::value json_number(double x) { return std::isfinite(x) ? json::value(x) : json::value(nullptr); }

}  // namespace chokepoint
