// "Did you mean" suggestions for misspelt names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a plausible typo (at most a third of the word's length, and 1 for
/// short words).
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// `unknown "x"` plus `; did you mean "y"?` when a close candidate exists.
std::string with_suggestion(std::string message, std::string_view word, const std::vector<std::string>& candidates);

}  // namespace chokepoint
