// MPI parts travel in pieces (host/study/message_pieces.hh): with the sizes
// of a large study every piece's count fits an int and the pieces cover each
// part exactly once, although the parts together, and a single large part,
// pass 2^31 bytes. One message per part, or offsets kept in an int, fail
// here; tests/mpi_equality.sh runs the pieces through MPI (4 KiB pieces).
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>

#include "message_pieces.hh"

namespace chokepoint {
namespace {

constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

/// Pieces in order from offset 0, each 1 to min(piece_bytes, INT_MAX) bytes,
/// each starting where the last ended, the last ending at `length`.
void expect_exact_cover(const std::vector<MessagePiece>& pieces, std::uint64_t length, std::uint64_t piece_bytes) {
  const std::uint64_t largest = std::min<std::uint64_t>(piece_bytes, INT_MAX);
  std::uint64_t next = 0;
  for (const MessagePiece& p : pieces) {
    ASSERT_EQ(p.offset, next) << "a gap or an overlap before this piece";
    ASSERT_GE(p.count, 1);
    ASSERT_LE(static_cast<std::uint64_t>(p.count), largest);
    next += static_cast<std::uint64_t>(p.count);
  }
  EXPECT_EQ(next, length);
}

TEST(MessagePieces, FifteenPartsOfALargeStudyPassTwoToTheThirtyFirstInPiecesThatFitAnInt) {
  // A part of a 1,000-node model with top-K 16,384 is 152 MB; rank 0
  // receives 14 of them besides its own: 2,280,000,000 bytes in all.
  const std::uint64_t part = 152'000'000;
  std::uint64_t gathered = 0;
  for (int rank = 0; rank < 15; ++rank) {
    const auto pieces = message_pieces(part, kGiB);
    ASSERT_EQ(pieces.size(), 1u);
    expect_exact_cover(pieces, part, kGiB);
    gathered += static_cast<std::uint64_t>(pieces[0].count);
  }
  EXPECT_EQ(gathered, 2'280'000'000u);
  EXPECT_GT(gathered, static_cast<std::uint64_t>(INT_MAX));
}

TEST(MessagePieces, APartBeyondFourGibibytesHasOffsetsNoIntHolds) {
  const std::uint64_t length = 5 * kGiB + 12345;
  const auto pieces = message_pieces(length, kGiB);
  ASSERT_EQ(pieces.size(), 6u);
  expect_exact_cover(pieces, length, kGiB);
  EXPECT_EQ(pieces[4].offset, 4 * kGiB);  // 2^32: 0 in a 32-bit int
  EXPECT_EQ(pieces[5].count, 12345);
}

TEST(MessagePieces, APieceSizeAboveTheIntRangeIsCappedAtIntMax) {
  const std::uint64_t length = 3 * kGiB;
  const auto pieces = message_pieces(length, 4 * kGiB);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].count, INT_MAX);
  expect_exact_cover(pieces, length, 4 * kGiB);
}

TEST(MessagePieces, SmallForcedPiecesAndAnEmptyPart) {
  // CHOKEPOINT_MPI_PIECE_BYTES=4096, as tests/mpi_equality.sh runs it.
  const auto pieces = message_pieces(10000, 4096);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[2].offset, 8192u);
  EXPECT_EQ(pieces[2].count, 1808);
  expect_exact_cover(pieces, 10000, 4096);
  EXPECT_TRUE(message_pieces(0, 4096).empty());
  EXPECT_THROW(message_pieces(1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace chokepoint
