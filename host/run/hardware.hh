// What machine a run used, for manifests and benchmark records.
#pragma once

#include <cstdint>
#include <string>

namespace chokepoint {

struct HardwareInfo {
  std::string hostname;
  std::string cpu_model;
  unsigned logical_cpus = 0;
  std::uint64_t memory_bytes = 0;       // MemTotal
  std::uint64_t available_bytes = 0;    // MemAvailable
};

HardwareInfo read_hardware_info();

/// Current UTC time as 2026-11-28T12:34:56Z.
std::string utc_timestamp();

}  // namespace chokepoint
