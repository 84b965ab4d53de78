// The lane policy of the model (kernels/scenario_lanes-inl.hh) on Google
// Highway vectors of doubles, and the model compiled with it, once per
// instruction set: a file that includes this one from within Highway's
// foreach_target.h gets chokepoint::HWY_NAMESPACE::LaneModel and
// HwyLanes for every target (docs/MODEL.md, "The CPU in SIMD lanes").
//
// Only operations that round exactly as the scalar ones are used: + - * /
// on doubles, compares and IfThenElse. Highway's Min/Max are not (NaN and
// signed zero differ between targets); the build has no FMA contraction.

// Highway's per-target include guard: toggled once per target.
#if defined(CHOKEPOINT_KERNELS_CPU_HWY_LANES_INL_HH_) == defined(HWY_TARGET_TOGGLE)
#ifdef CHOKEPOINT_KERNELS_CPU_HWY_LANES_INL_HH_
#undef CHOKEPOINT_KERNELS_CPU_HWY_LANES_INL_HH_
#else
#define CHOKEPOINT_KERNELS_CPU_HWY_LANES_INL_HH_
#endif

#include <hwy/highway.h>

#include <cstdint>

#include "../scenario_model.hh"

HWY_BEFORE_NAMESPACE();
namespace chokepoint {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

struct HwyLanes {
  using Tag = hn::ScalableTag<double>;
  static constexpr std::int32_t kWidth = static_cast<std::int32_t>(hn::MaxLanes(Tag()));
  using Real = hn::Vec<Tag>;
  using Mask = hn::Mask<Tag>;
  using IndexTag = hn::RebindToSigned<Tag>;  // int64 lanes
  using Int32Tag = hn::Rebind<std::int32_t, Tag>;
  using Index = hn::Vec<IndexTag>;
  /// The state of a block: element k of lane l at base[k * kWidth + l].
  using Field = Strided<double, static_cast<std::uint32_t>(kWidth)>;
  using IntField = Strided<std::int32_t, static_cast<std::uint32_t>(kWidth)>;

  static HWY_INLINE Real set(double x) { return hn::Set(Tag(), x); }
  static HWY_INLINE Real load(const Field& f, std::int32_t k) { return hn::LoadU(Tag(), &f[k]); }
  static HWY_INLINE void store(const Field& f, std::int32_t k, Real v) { hn::StoreU(v, Tag(), &f[k]); }
  static HWY_INLINE Real load_int(const IntField& f, std::int32_t k) {
    return hn::PromoteTo(Tag(), hn::LoadU(Int32Tag(), &f[k]));
  }
  static HWY_INLINE Real from_lanes(const double* x) { return hn::LoadU(Tag(), x); }
  static HWY_INLINE void to_lanes(Real v, double* x) { hn::StoreU(v, Tag(), x); }
  static HWY_INLINE Index lane_index(const std::int32_t* x) { return hn::PromoteTo(IndexTag(), hn::LoadU(Int32Tag(), x)); }
  static HWY_INLINE Real gather(const double* base, Index i) { return hn::GatherIndex(Tag(), base, i); }
  static HWY_INLINE Real select(Mask m, Real a, Real b) { return hn::IfThenElse(m, a, b); }
  static HWY_INLINE Mask both(Mask a, Mask b) { return hn::And(a, b); }
  static HWY_INLINE Mask either(Mask a, Mask b) { return hn::Or(a, b); }
  static HWY_INLINE bool any(Mask m) { return !hn::AllFalse(Tag(), m); }
  static HWY_INLINE bool all(Mask m) { return hn::AllTrue(Tag(), m); }
};

#include "../scenario_lanes-inl.hh"  // LaneModel, compiled for this target

}  // namespace HWY_NAMESPACE
}  // namespace chokepoint
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
