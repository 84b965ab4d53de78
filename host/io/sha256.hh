// SHA-256 of a byte string (OpenSSL's libcrypto), as lowercase hex.
#pragma once

#include <string>
#include <string_view>

namespace chokepoint {

std::string sha256_hex(std::string_view bytes);

}  // namespace chokepoint
