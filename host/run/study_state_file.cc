#include "study_state_file.hh"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "atomic_file.hh"
#include "byte_stream.hh"
#include "diagnostics.hh"
#include "sha256.hh"

namespace chokepoint {

namespace json = boost::json;

namespace {

constexpr std::string_view kMagic = "CHOKEPOINT-STATE";
constexpr std::size_t kDigestBytes = 32;

std::string digest_bytes(std::string_view data) {
  const std::string hex = sha256_hex(data);
  std::string bytes(kDigestBytes, '\0');
  for (std::size_t i = 0; i < kDigestBytes; ++i) bytes[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return bytes;
}

json::object key_json(const StudyKey& k) {
  return json::object{{"model_sha256", k.model_sha256}, {"model_name", k.model_name}, {"policy", k.policy},
                      {"stress_test", k.stress_test},   {"importance", k.importance}, {"seed", k.seed},
                      {"scenarios", k.scenarios},
                      {"batches", k.batches},           {"top_k", k.top_k}};
}

StudyKey key_from(const json::object& o) {
  StudyKey k;
  k.model_sha256 = std::string(o.at("model_sha256").as_string());
  k.model_name = std::string(o.at("model_name").as_string());
  k.policy = std::string(o.at("policy").as_string());
  k.stress_test = std::string(o.at("stress_test").as_string());
  k.importance = std::string(o.at("importance").as_string());
  k.seed = o.at("seed").to_number<std::uint64_t>();
  k.scenarios = o.at("scenarios").to_number<std::uint64_t>();
  k.batches = o.at("batches").to_number<std::uint64_t>();
  k.top_k = o.at("top_k").to_number<std::uint64_t>();
  return k;
}

/// A decoded exact sum must be one that a run can hold: every limb within
/// the +-2^62 that kAddsBeforeCarry additions of 32-bit pieces allow, the top
/// one (values of 2^384 and more) within +-2^32. Merging two parts adds their
/// limbs, so larger ones could overflow.
void check_exact_sum(const ExactSum& sum) {
  constexpr std::int64_t kLimb = std::int64_t{1} << 62;
  constexpr std::int64_t kTopLimb = std::int64_t{1} << 32;
  for (int k = 0; k < ExactSum::kLimbs; ++k) {
    const std::int64_t bound = k + 1 < ExactSum::kLimbs ? kLimb : kTopLimb;
    if (sum.limb[k] <= -bound || sum.limb[k] >= bound) throw ByteStreamError("an exact sum is out of range");
  }
}

void check_accumulator(const StudyAccumulator& acc) {
  check_exact_sum(acc.units_sq());
  for (const MetricAccumulator& m : acc.metrics()) {
    check_exact_sum(m.sum);
    check_exact_sum(m.sum_sq);
  }
}

}  // namespace

std::string StudyKey::difference(const StudyKey& o, const std::string& other_name) const {
  const auto differ = [&](const std::string& what, const auto& mine, const auto& theirs) {
    return fmt::format("{} {} ({}: {})", what, mine, other_name, theirs);
  };
  if (model_sha256 != o.model_sha256) {
    return differ("model file SHA-256", model_sha256.substr(0, 12) + "...", o.model_sha256.substr(0, 12) + "...");
  }
  if (policy != o.policy) return differ("policy", "\"" + policy + "\"", "\"" + o.policy + "\"");
  if (stress_test != o.stress_test) return differ("stress test", "\"" + stress_test + "\"", "\"" + o.stress_test + "\"");
  if (importance != o.importance) {
    return differ("importance sampling", "\"" + importance + "\"", "\"" + o.importance + "\"");
  }
  if (seed != o.seed) return differ("seed", seed, o.seed);
  if (scenarios != o.scenarios) return differ("scenarios", scenarios, o.scenarios);
  if (batches != o.batches) return differ("batches", batches, o.batches);
  if (top_k != o.top_k) return differ("top-K", top_k, o.top_k);
  return "";
}

StudyKey study_key(const std::string& model_sha256, const std::string& model_name, const std::string& policy,
                   const std::string& stress_test, const std::string& importance, const StudyOptions& options) {
  return StudyKey{model_sha256,    model_name,        policy,          stress_test,           importance,
                  options.seed,    options.scenarios, options.batches, resolved_top_k(options)};
}

std::string encode_state_body(const StudyAccumulator& total, const BatchStatistics& batches,
                              const StudyAccumulator* batch_in_progress) {
  ByteWriter out;
  total.write(out);
  batches.write(out);
  out.u32(batch_in_progress != nullptr ? 1 : 0);
  if (batch_in_progress != nullptr) batch_in_progress->write(out);
  return out.take();
}

StudyResume decode_state_body(const std::string& body, const AccumulatorShape& shape) {
  ByteReader in(body);
  StudyResume r{StudyAccumulator(shape), BatchStatistics{}, StudyAccumulator(shape), 0};
  r.total.read(in);
  r.batches.read(in);
  if (in.u32() != 0) r.batch.read(in);
  if (!in.at_end()) throw ByteStreamError("unexpected data after the accumulators");
  check_accumulator(r.total);
  check_accumulator(r.batch);
  return r;
}

void write_state_file(const std::string& path, const StudyStateFile& state) {
  const json::object header{{"kind", state.kind},
                            {"key", key_json(state.key)},
                            {"model_file", state.model_file},
                            {"shard_index", state.shard_index},
                            {"shard_count", state.shard_count},
                            {"first_batch", state.first_batch},
                            {"end_batch", state.end_batch},
                            {"next_scenario", state.next_scenario}};
  ByteWriter out;
  std::string data(kMagic);
  out.u32(kStateFileVersion);
  out.bytes(json::serialize(header));
  out.bytes(state.model_text);
  out.bytes(state.body);
  data += out.data();
  data += digest_bytes(data);
  write_file_atomically(path, data);
}

StudyStateFile read_state_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw InputError(fmt::format("{}: no such file", path));
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  const auto refuse = [&](const std::string& why) {
    return InputError(fmt::format("{}: not a usable chokepoint checkpoint or shard file: {}", path, why));
  };
  if (data.size() < kMagic.size() + kDigestBytes || data.compare(0, kMagic.size(), kMagic) != 0) {
    throw refuse("it does not start with the chokepoint state header");
  }
  const std::string_view content(data.data(), data.size() - kDigestBytes);
  if (digest_bytes(content) != data.substr(data.size() - kDigestBytes)) {
    throw refuse("its checksum does not match (the file is truncated or damaged)");
  }
  try {
    ByteReader reader(content.substr(kMagic.size()));
    const std::uint32_t version = reader.u32();
    if (version != kStateFileVersion) {
      throw refuse(fmt::format("it has format version {}, this chokepoint reads version {}", version, kStateFileVersion));
    }
    const json::object header = json::parse(reader.bytes()).as_object();
    StudyStateFile s;
    s.kind = std::string(header.at("kind").as_string());
    s.key = key_from(header.at("key").as_object());
    s.model_file = std::string(header.at("model_file").as_string());
    s.shard_index = header.at("shard_index").to_number<std::uint64_t>();
    s.shard_count = header.at("shard_count").to_number<std::uint64_t>();
    s.first_batch = header.at("first_batch").to_number<std::uint64_t>();
    s.end_batch = header.at("end_batch").to_number<std::uint64_t>();
    s.next_scenario = header.at("next_scenario").to_number<std::uint64_t>();
    s.model_text = std::string(reader.bytes());
    s.body = std::string(reader.bytes());
    if (!reader.at_end()) throw refuse("unexpected data at the end");
    return s;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    // A valid checksum over an invalid layout: written by something else.
    throw refuse(e.what());
  }
}

}  // namespace chokepoint
