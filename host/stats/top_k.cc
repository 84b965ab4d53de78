#include "top_k.hh"

#include <algorithm>
#include <utility>

namespace chokepoint {

void TopK::offer(double value, std::uint64_t scenario, std::uint64_t units, const double* payload) {
  if (capacity_ == 0) return;
  const Entry e{value, scenario, units};
  std::size_t slot = 0;
  if (entries_.size() < capacity_) {
    // Until the list is full every offer is kept and nothing asks for its
    // lowest entry, so the heap is built once, when it fills: appending
    // with a sift each cost log K swaps for every tie at the bottom (an
    // output that is 0 in most scenarios), a tenth of the CPU's time.
    slot = entries_.size();
    entries_.push_back(e);
    payload_.resize(payload_.size() + width_);
    heap_.push_back(slot);
    if (heap_.size() == capacity_) {
      std::make_heap(heap_.begin(), heap_.end(),
                     [this](std::size_t a, std::size_t b) { return ranks_below(entries_[b], entries_[a]); });
    }
  } else {
    slot = heap_[0];
    if (!ranks_below(entries_[slot], e)) return;
    entries_[slot] = e;
    sift_down(0);
  }
  if (width_ > 0) std::copy(payload, payload + width_, payload_.begin() + static_cast<std::ptrdiff_t>(slot * width_));
}

void TopK::merge(const TopK& other) {
  for (std::size_t slot = 0; slot < other.entries_.size(); ++slot) {
    const Entry& e = other.entries_[slot];
    offer(e.value, e.scenario, e.units,
          other.width_ > 0 ? other.payload_.data() + slot * other.width_ : nullptr);
  }
}

void TopK::clear() {
  heap_.clear();
  entries_.clear();
  payload_.clear();
}

void TopK::sift_down(std::size_t pos) {
  const std::size_t n = heap_.size();
  while (true) {
    std::size_t lowest = pos;
    for (const std::size_t child : {2 * pos + 1, 2 * pos + 2}) {
      if (child < n && ranks_below(entries_[heap_[child]], entries_[heap_[lowest]])) lowest = child;
    }
    if (lowest == pos) return;
    std::swap(heap_[pos], heap_[lowest]);
    pos = lowest;
  }
}

std::vector<std::size_t> TopK::sorted_slots() const {
  std::vector<std::size_t> slots(entries_.size());
  for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = i;
  std::sort(slots.begin(), slots.end(),
            [this](std::size_t a, std::size_t b) { return ranks_below(entries_[b], entries_[a]); });
  return slots;
}

void TopK::write(ByteWriter& out) const {
  const std::vector<std::size_t> slots = sorted_slots();
  out.u64(slots.size());
  for (const std::size_t slot : slots) {
    out.f64(entries_[slot].value);
    out.u64(entries_[slot].scenario);
    out.u64(entries_[slot].units);
    for (std::size_t j = 0; j < width_; ++j) out.f64(payload_[slot * width_ + j]);
  }
}

void TopK::read(ByteReader& in) {
  const std::uint64_t n = in.count(24 + 8 * width_);
  if (n > capacity_) throw ByteStreamError("top-K list longer than its capacity");
  std::vector<double> payload(width_);
  for (std::uint64_t i = 0; i < n; ++i) {
    const double value = in.f64();
    const std::uint64_t scenario = in.u64();
    const std::uint64_t units = in.u64();
    for (double& p : payload) p = in.f64();
    offer(value, scenario, units, payload.data());
  }
}

std::vector<TopK::Entry> TopK::largest(std::size_t n) const {
  // The order is total, so which entries are the n largest, and their order,
  // do not depend on how they are found.
  const auto above = [](const Entry& a, const Entry& b) { return ranks_below(b, a); };
  std::vector<Entry> out = entries_;
  if (n < out.size()) {
    std::nth_element(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), above);
    out.resize(n);
  }
  std::sort(out.begin(), out.end(), above);
  return out;
}

std::vector<std::vector<double>> TopK::sorted_payloads() const {
  std::vector<std::vector<double>> out;
  for (const std::size_t slot : sorted_slots()) {
    const auto begin = payload_.begin() + static_cast<std::ptrdiff_t>(slot * width_);
    out.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(width_));
  }
  return out;
}

}  // namespace chokepoint
