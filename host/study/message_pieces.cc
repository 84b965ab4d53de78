#include "message_pieces.hh"

#include <algorithm>
#include <stdexcept>

namespace chokepoint {

std::vector<MessagePiece> message_pieces(std::uint64_t length, std::uint64_t piece_bytes) {
  if (piece_bytes == 0) throw std::invalid_argument("message_pieces: piece_bytes must be positive");
  const std::uint64_t piece = std::min(piece_bytes, kMaxPieceBytes);
  std::vector<MessagePiece> pieces;
  pieces.reserve(length / piece + 1);
  for (std::uint64_t at = 0; at < length; at += piece) {
    pieces.push_back({at, static_cast<int>(std::min(piece, length - at))});
  }
  return pieces;
}

}  // namespace chokepoint
