// The K largest values of a study, with their scenario indices and units
// of probability mass (kernels/importance_weight.hh; 1 without importance sampling).
//
// Ranking is by value, then by smaller scenario index, a total order: the
// set kept after any sequence of offers and merges is the same, whatever
// the order of scenarios, threads or chunks. Entries may carry a fixed-width
// payload (the tail of loss_total keeps sector losses and event starts).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "byte_stream.hh"

namespace chokepoint {

class TopK {
 public:
  struct Entry {
    double value;
    std::uint64_t scenario;
    std::uint64_t units;
  };

  TopK(std::size_t capacity, std::size_t payload_width) : capacity_(capacity), width_(payload_width) {}

  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] std::size_t payload_width() const { return width_; }
  /// The smallest value that can still enter the list: -inf until it is full.
  [[nodiscard]] double entry_threshold() const {
    return capacity_ > 0 && entries_.size() == capacity_ ? entries_[heap_[0]].value : -HUGE_VAL;
  }
  /// The entry a newcomer must outrank to enter the list (its lowest when it
  /// is full; below every value until then).
  [[nodiscard]] Entry entry_floor() const {
    return capacity_ > 0 && entries_.size() == capacity_ ? entries_[heap_[0]] : Entry{-HUGE_VAL, UINT64_MAX, 0};
  }
  /// Whether (value, scenario) ranks above `floor`: only then can it enter
  /// a list whose entry floor is `floor` now (floors only rise).
  static bool outranks(double value, std::uint64_t scenario, const Entry& floor) {
    return floor.value < value || (floor.value == value && floor.scenario > scenario);
  }

  /// Keep (value, scenario, units) if it ranks among the K largest so far.
  /// `payload` points at payload_width() values (ignored when the width is 0).
  void offer(double value, std::uint64_t scenario, std::uint64_t units, const double* payload);
  void merge(const TopK& other);
  void clear();

  /// Encode the entries (largest first) with their payloads; read() offers
  /// them again to a list of the same capacity and width.
  void write(ByteWriter& out) const;
  void read(ByteReader& in);

  /// Entries from the largest down, and the payload of each (same order).
  [[nodiscard]] std::vector<Entry> sorted() const { return largest(entries_.size()); }
  /// The `n` largest entries from the largest down (all of them when there
  /// are fewer): a selection, then a sort of those alone.
  [[nodiscard]] std::vector<Entry> largest(std::size_t n) const;
  [[nodiscard]] std::vector<std::vector<double>> sorted_payloads() const;

 private:
  [[nodiscard]] std::vector<std::size_t> sorted_slots() const;
  void sift_down(std::size_t pos);
  static bool ranks_below(const Entry& a, const Entry& b) {
    return a.value < b.value || (a.value == b.value && a.scenario > b.scenario);
  }

  std::size_t capacity_;
  std::size_t width_;
  // The slots, a min-heap by rank once the list is full (in the order of
  // their offers before); entries_ and payload_ are indexed by slot.
  std::vector<std::size_t> heap_;
  std::vector<Entry> entries_;
  std::vector<double> payload_;
};

}  // namespace chokepoint
