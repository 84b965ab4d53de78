// How a byte string travels between MPI ranks: MPI counts are int, and a
// rank's part of a large study does not fit one. A part of a 1,000-node
// model with top-K 16,384 is 152 MB, so 15 of them pass 2^31 bytes, and a
// single part can pass it too. Parts are sent in pieces, each with an int
// count and a 64-bit offset into its own part, so that no size or offset is
// ever held in an int.
#pragma once

#include <cstdint>
#include <vector>

namespace chokepoint {

/// Largest piece a message may carry: an int count.
inline constexpr std::uint64_t kMaxPieceBytes = 0x7fffffff;

struct MessagePiece {
  std::uint64_t offset = 0;  // into the part
  int count = 0;             // bytes, 1 to kMaxPieceBytes
};

/// The pieces of a part of `length` bytes, in order, each at most
/// `piece_bytes` (and kMaxPieceBytes) long: together they cover the part
/// exactly once. None for an empty part. `piece_bytes` must be positive.
std::vector<MessagePiece> message_pieces(std::uint64_t length, std::uint64_t piece_bytes);

}  // namespace chokepoint
