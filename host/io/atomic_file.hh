// Writing output files so that a reader never sees a half-written one.
#pragma once

#include <string>
#include <string_view>

namespace chokepoint {

/// Write `content` to a temporary file beside `path`, flush it to disk and
/// rename it over `path`. On any failure the temporary file is removed and
/// an OutputError names the path and the reason (disk full, permission).
void write_file_atomically(const std::string& path, std::string_view content);

/// Create a directory (and parents) for outputs, or fail with a clear error.
void ensure_output_directory(const std::string& dir);

}  // namespace chokepoint
