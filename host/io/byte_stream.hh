// Little-endian binary encoding for study state files (checkpoints, shards,
// MPI messages), with bounds-checked reading: a truncated or damaged input
// is an error, never a crash or an out-of-bounds read.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// Thrown by ByteReader when the input ends early or holds impossible sizes.
class ByteStreamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteWriter {
 public:
  void u32(std::uint32_t v) { raw(v); }
  void u64(std::uint64_t v) { raw(v); }
  void i64(std::int64_t v) { raw(v); }
  void f64(double v) { raw(v); }
  void bytes(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  [[nodiscard]] const std::string& data() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  template <class T>
  void raw(T v) {
    static_assert(std::endian::native == std::endian::little, "state files are little-endian");
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out_.append(buf, sizeof(T));
  }
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::uint32_t u32() { return raw<std::uint32_t>(); }
  std::uint64_t u64() { return raw<std::uint64_t>(); }
  std::int64_t i64() { return raw<std::int64_t>(); }
  double f64() { return raw<double>(); }
  std::string_view bytes() {
    const std::uint64_t n = u64();
    need(n);
    const std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  /// A count of items of `item_size` bytes each, refused if the rest of the
  /// input cannot hold them (so a damaged count cannot trigger a huge allocation).
  std::uint64_t count(std::size_t item_size) {
    const std::uint64_t n = u64();
    if (item_size > 0 && n > (in_.size() - pos_) / item_size) throw ByteStreamError("impossible item count " + std::to_string(n));
    return n;
  }
  [[nodiscard]] bool at_end() const { return pos_ == in_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > in_.size() - pos_) throw ByteStreamError("unexpected end of data");
  }
  template <class T>
  T raw() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace chokepoint
