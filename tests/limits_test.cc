// Every limit of the table in docs/MODEL.md ("Limits"), one past it: refused
// with its exact message, before anything large is allocated.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "resource_estimate.hh"
#include "test_support.hh"
#include "value_bins.hh"

namespace chokepoint {
namespace {

const std::string kNode = R"({"id": "a", "sector": "s", "capacity": 1, "unit_value": 1})";
const std::string kEvent = R"({"id": "e", "annual_rate": 1, "duration_weeks": 2, "effects": [{"node": "a", "capacity_loss": 0.5}]})";

/// A model with `nodes` (JSON items) and `extra` top-level members.
std::string model(const std::string& nodes, const std::string& extra = "") {
  return R"({"format": "chokepoint/1", "name": "x", "horizon_weeks": 52, "nodes": [)" + nodes + "]" + extra + "}";
}

/// `n` copies of `item` with its "#" replaced by the index, comma-separated.
std::string repeat(const std::string& item, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    std::string copy = item;
    if (const auto at = copy.find('#'); at != std::string::npos) copy.replace(at, 1, std::to_string(i));
    out += copy;
  }
  return out;
}

/// The first error of `text`: "model.json:L:C: /pointer: message".
std::string first_error(const std::string& text) {
  const std::string all = test::load_error(text);
  return all.substr(0, all.find('\n'));
}

/// First error at the `nth` occurrence of `token`, with `message`.
void expect_refused(const std::string& text, const std::string& token, const std::string& message, int nth = 1) {
  EXPECT_EQ(first_error(text), test::position_of_token(text, token, nth) + ": " + message);
}

TEST(Limits, InputFileOf16MiBPlusOneByteIsRefusedBeforeReading) {
  const std::string path = test::temp_dir("size") + "/big.json";
  std::ofstream(path, std::ios::binary) << std::string((16u << 20) + 1, ' ');
  try {
    load_scenario(path);
    ADD_FAILURE() << "loaded";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": file is 16777217 bytes; input files are limited to 16777216 bytes (16 MiB)");
  }
}

TEST(Limits, NestingOf65Levels) {
  EXPECT_EQ(first_error(std::string(65, '[') + std::string(65, ']')),
            "model.json:1:65: invalid JSON: nesting deeper than 64 levels");
}

TEST(Limits, StringsAndKeysOf4097Bytes) {
  const std::string long_name(4097, 'n');
  expect_refused(model(kNode, R"(, "description": ")" + long_name + "\""), "\"" + long_name,
                 "/description: string is 4097 bytes long; strings are limited to 4096 bytes");
  expect_refused(model(R"({"id": "a", "sector": "s", "capacity": 1, "unit_value": 1, ")" + long_name + "\": 1}"),
                 R"({"id": "a")", "/nodes/0: has a key of 4097 bytes (\"nnnnnnnnnnnnnnnnnnnn...\"); keys are limited to 4096 bytes");
}

TEST(Limits, HalfAMillionJsonValues) {
  // 500,001 numbers and the five values around them.
  std::string zeros;
  zeros.reserve(1000000);
  for (int i = 0; i < 499996; ++i) zeros += i == 0 ? "0" : ",0";
  EXPECT_EQ(first_error(model(zeros)),
            "model.json:1:1: (top level): the file holds 500001 JSON values (numbers, strings, arrays, objects); "
            "scenario files are limited to 500000");
}

TEST(Limits, CountsOfItems) {
  const std::string node = R"({"id": "n#", "sector": "s", "capacity": 1, "unit_value": 1})";
  expect_refused(model(repeat(node, 10001)), "[{", "/nodes: may have at most 10000 items (a documented limit), got 10001");

  const std::string event =
      R"({"id": "e#", "annual_rate": 1, "duration_weeks": 2, "effects": [{"node": "a", "capacity_loss": 0.5}]})";
  const std::string events = model(kNode, R"(, "events": [)" + repeat(event, 2001) + "]");
  expect_refused(events, "[{\"id\": \"e0\"", "/events: may have at most 2000 items (a documented limit), got 2001");

  const std::string effects =
      model(kNode, R"(, "events": [{"id": "e", "annual_rate": 1, "duration_weeks": 2, "effects": [)" +
                       repeat(R"({"node": "a", "capacity_loss": 0.1})", 257) + "]}]");
  expect_refused(effects, "[{\"node\"", "/events/0/effects: may have at most 256 items (a documented limit), got 257");

  const std::string inputs = model(kNode + R"(, {"id": "b", "sector": "s", "capacity": 1, "unit_value": 1, "inputs": [)" +
                                   repeat(R"({"name": "i#", "per_unit": 1, "suppliers": [{"node": "a", "share": 1}]})", 33) +
                                   "]}");
  expect_refused(inputs, "[{\"name\"", "/nodes/1/inputs: may have at most 32 items (a documented limit), got 33");

  const std::string suppliers =
      model(kNode + R"(, {"id": "b", "sector": "s", "capacity": 1, "unit_value": 1, "inputs": [{"name": "i", "per_unit": 1, "suppliers": [)" +
            repeat(R"({"node": "a", "share": 0.03})", 33) + "]}]}");
  expect_refused(suppliers, "[{\"node\"", "/nodes/1/inputs/0/suppliers: may have at most 32 items (a documented limit), got 33");

  const std::string regimes = model(kNode, R"(, "regimes": {"states": [)" + repeat(R"("r#")", 17) +
                                               R"(], "initial": "r0", "weekly_transition": [[1]]})");
  expect_refused(regimes, "[\"r0\"", "/regimes/states: may have at most 16 items (a documented limit), got 17");

  const std::string policies =
      model(kNode, R"(, "policies": [)" + repeat(R"({"id": "p#", "changes": [{"node": "a", "field": "capacity", "scale": 2}]})", 1001) + "]");
  expect_refused(policies, "[{\"id\": \"p0\"", "/policies: may have at most 1000 items (a documented limit), got 1001");

  const std::string changes = model(kNode, R"(, "policies": [{"id": "p", "changes": [)" +
                                               repeat(R"({"node": "a", "field": "capacity", "scale": 1})", 1001) + "]}]");
  expect_refused(changes, "[{\"node\"", "/policies/0/changes: may have at most 1000 items (a documented limit), got 1001");

  const std::string stress_tests = model(kNode, ", \"events\": [" + kEvent + R"(], "stress_tests": [)" +
                                                    repeat(R"({"id": "t#", "force": [{"event": "e", "start_week": 1}]})", 1001) + "]");
  expect_refused(stress_tests, "[{\"id\": \"t0\"", "/stress_tests: may have at most 1000 items (a documented limit), got 1001");

  const std::string forced = model(kNode, ", \"events\": [" + kEvent + R"(], "stress_tests": [{"id": "t", "force": [)" +
                                              repeat(R"({"event": "e", "start_week": 1})", 2001) + "]}]");
  expect_refused(forced, "[{\"event\"", "/stress_tests/0/force: may have at most 2000 items (a documented limit), got 2001");

  const std::string sources = model(kNode, R"(, "sources": [)" + repeat(R"({"id": "s#", "citation": "c"})", 10001) + "]");
  expect_refused(sources, "[{\"id\": \"s0\"", "/sources: may have at most 10000 items (a documented limit), got 10001");
}

TEST(Limits, WeeksAndValues) {
  const auto node_with = [](const std::string& fields) {
    return model(R"({"id": "a", "sector": "s", )" + fields + "}");
  };
  expect_refused(model(kNode).replace(model(kNode).find("52"), 2, "521"), "521", "/horizon_weeks: must be <= 520, got 521");
  expect_refused(model(kNode, R"(, "events": [{"id": "e", "annual_rate": 1, "duration_weeks": 2, "recovery_weeks": 5201, "effects": [{"node": "a", "capacity_loss": 0.5}]}])"),
                 "5201", "/events/0/recovery_weeks: must be <= 5200, got 5201");
  expect_refused(node_with(R"("capacity": 1.1e12, "unit_value": 1)"), "1.1e12",
                 "/nodes/0/capacity: must be <= 1000000000000, got 1100000000000");
  expect_refused(node_with(R"("capacity": 1, "unit_value": 1.1e9)"), "1.1e9",
                 "/nodes/0/unit_value: must be <= 1000000000, got 1100000000");
  expect_refused(node_with(R"("capacity": 1, "unit_value": 1, "final_demand": {"base": 1.1e12})"), "1.1e12",
                 "/nodes/0/final_demand/base: must be <= 1000000000000, got 1100000000000");
  expect_refused(node_with(R"("capacity": 1, "unit_value": 1, "final_demand": {"base": 1, "growth_per_year": 10.5})"),
                 "10.5", "/nodes/0/final_demand/growth_per_year: must be <= 10, got 10.5");
  expect_refused(node_with(R"("capacity": 1, "unit_value": 1, "final_demand": {"base": 1, "volatility": 5.5})"), "5.5",
                 "/nodes/0/final_demand/volatility: must be <= 5, got 5.5");
  expect_refused(model(kNode + R"(, {"id": "b", "sector": "s", "capacity": 1, "unit_value": 1, "inputs": [{"name": "i", "per_unit": 1.1e6, "suppliers": [{"node": "a", "share": 1}]}]})"),
                 "1.1e6", "/nodes/1/inputs/0/per_unit: must be <= 1000000, got 1100000");
  expect_refused(model(kNode, R"(, "events": [{"id": "e", "annual_rate": 1.1e6, "duration_weeks": 2, "effects": [{"node": "a", "capacity_loss": 0.5}]}])"),
                 "1.1e6", "/events/0/annual_rate: must be <= 1000000, got 1100000");
}

TEST(Limits, ScenariosAbove2To48) {
  const auto r = test::run_cli("run " + test::source_path("scenarios/demo.json") + " -n 281474976710657 --out " +
                               test::temp_dir("n"));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "--scenarios: Value 281474976710657 not in range 1 to 281474976710656\nRun with --help for more information.\n");
}

TEST(Limits, MemoryBeyondWhatIsAvailableIsRefusedBeforeTheRun) {
  const std::string out = test::temp_dir("memory");
  const auto r = test::run_cli("run " + test::source_path("scenarios/demo.json") +
                               " -n 1000 --threads 4096 --top-k 16777216 --out " + out);
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(std::regex_match(r.err, std::regex("this study needs about [0-9]+ MiB of memory \\([0-9]+ MiB per accumulator x "
                                                 "4098 accumulators\\), more than the [0-9]+ MiB available; use fewer "
                                                 "--threads or a smaller --top-k\n")))
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out + "/results.json"));
}

TEST(Limits, HostCopiesOfCudaLaunchesCountInTheMemoryCheck) {
  // One batch of 2^40 scenarios in launches of 2^20 (the most a CUDA runner
  // launches): room for the candidate lists of two launches of a 4000-node
  // model (about 900 outputs, 24 bytes each per scenario) is over 45 GB of
  // host memory, which the check must count (and refuse) before any device
  // is looked for.
  const std::string out = test::temp_dir("cuda_memory");
  ASSERT_EQ(test::run_cli("synth --nodes 4000 --events 10 --weeks 52 --seed 1 --out " + out + "/large.json").status, 0);
  const auto r = test::run_cli("run " + out + "/large.json -n 1099511627776 --batches 1 --chunk-size 4294967296 "
                               "--backend cuda --out " + out + "/results");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(std::regex_match(r.err, std::regex("this study needs about [0-9]+ MiB of memory \\([0-9]+ MiB per accumulator x "
                                                 "[0-9]+ accumulators, plus [0-9]+ MiB of host copies of two CUDA "
                                                 "launches\\), more than the [0-9]+ MiB available; use fewer --threads "
                                                 "or a smaller --top-k\n")))
      << r.err;
}

TEST(Limits, HostCopiesOfCudaLaunchesAreTwoLaunchesOfPiecesAndCandidates) {
  // Derived from what the CUDA runner allocates per launch in flight: for
  // each of its 64 pieces, pinned copies of the bins, fan chart,
  // positive/min/max/threshold (8 bytes each per output), the exact sums (16
  // limbs of 8 bytes, twice per output, once for units^2) and the candidate
  // counts (4 bytes per output); pageable room for one candidate per output
  // and scenario of the launch (value, scenario, units) and a tail payload
  // per scenario (sectors + events doubles). The study's 100,000 scenarios
  // are under the 2^20 a launch holds. A call spans up to 8 batches, each
  // with an accumulator of its own: 7 more than on the CPU.
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 100000;  // batches of 3125 scenarios
  options.chunk_size = 1000;
  options.backend.name = "cuda";
  const MemoryEstimate on_cuda = estimate_memory(model, options, 2);
  options.backend.name = "cpu";
  const MemoryEstimate on_cpu = estimate_memory(model, options, 2);
  const ModelView& v = model.sizes();
  std::uint64_t bins = 0;
  for (const MetricInfo& m : model.metrics()) {
    bins += m.kind == MetricKind::weeks || m.kind == MetricKind::count ? v.n_weeks + 1 : LogBins::kCount;
  }
  const std::uint64_t outputs = model.metrics().size();
  const std::uint64_t fan = static_cast<std::uint64_t>(v.n_sectors) * v.n_weeks * RatioBins::kCount;
  const std::uint64_t fixed = (bins + fan + 4 * outputs) * 8 + (2 * outputs + 1) * 16 * 8 + outputs * 4;
  const std::uint64_t candidates = 100000 * (outputs * 24 + static_cast<std::uint64_t>(v.n_sectors + v.n_events) * 8);
  EXPECT_EQ(on_cpu.device_mirrors, 0u);
  EXPECT_EQ(on_cuda.device_mirrors, 2 * (64 * fixed + candidates));
  EXPECT_EQ(on_cuda.accumulators, on_cpu.accumulators + 7);
  EXPECT_EQ(on_cuda.total - on_cpu.total, on_cuda.device_mirrors + 7 * on_cpu.per_accumulator);
}

}  // namespace
}  // namespace chokepoint
