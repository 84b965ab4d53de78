// The bundled scenario library's citations and the figures derived from
// them: every "[id]" in a label names a declared source, every source is
// used, and numbers the docs derive from published figures match a
// derivation done here from those figures alone.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.hh"

namespace chokepoint {
namespace {

namespace json = boost::json;

std::vector<std::string> sector_files() {
  // demo.json is left out: its single "assumption" source stands for the
  // whole toy file and no label cites it.
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name != "chokepoint.schema.json" && name != "demo.json") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

json::object parse(const std::string& file) { return json::parse(test::read_text(file)).as_object(); }

void collect_citations(const json::value& v, std::set<std::string>& out) {
  static const std::regex cited(R"(\[([a-z0-9_]+)\])");
  if (v.is_string()) {
    const std::string s(v.as_string());
    for (std::sregex_iterator it(s.begin(), s.end(), cited), end; it != end; ++it) out.insert((*it)[1].str());
  } else if (v.is_array()) {
    for (const json::value& item : v.as_array()) collect_citations(item, out);
  } else if (v.is_object()) {
    for (const auto& field : v.as_object()) collect_citations(field.value(), out);
  }
}

const json::object& event(const json::object& root, const std::string& id) {
  for (const json::value& e : root.at("events").as_array()) {
    if (e.as_object().at("id").as_string() == id) return e.as_object();
  }
  throw std::runtime_error("no event " + id);
}

double supplier_share(const json::object& root, const std::string& node, const std::string& input,
                      const std::string& supplier) {
  for (const json::value& n : root.at("nodes").as_array()) {
    if (n.as_object().at("id").as_string() != node) continue;
    for (const json::value& in : n.as_object().at("inputs").as_array()) {
      if (in.as_object().at("name").as_string() != input) continue;
      for (const json::value& s : in.as_object().at("suppliers").as_array()) {
        if (s.as_object().at("node").as_string() == supplier) return s.as_object().at("share").to_number<double>();
      }
    }
  }
  throw std::runtime_error("no supplier " + supplier + " of " + node + "." + input);
}

TEST(ScenarioSources, EveryCitationNamesADeclaredSourceAndEverySourceIsCited) {
  for (const std::string& file : sector_files()) {
    SCOPED_TRACE(file);
    json::object root = parse(file);
    std::set<std::string> declared;
    for (const json::value& s : root.at("sources").as_array()) declared.insert(std::string(s.as_object().at("id").as_string()));
    std::set<std::string> cited;
    for (const auto& field : root) {
      if (field.key() != "sources") collect_citations(field.value(), cited);
    }
    std::set<std::string> cited_anywhere = cited;
    collect_citations(root.at("sources"), cited_anywhere);  // a source may point to another
    for (const std::string& id : cited_anywhere) EXPECT_TRUE(declared.count(id)) << "cited but not declared: " << id;
    for (const std::string& id : declared) EXPECT_TRUE(cited.count(id)) << "declared but cited by no label: " << id;
  }
}

TEST(ScenarioSources, TheNankaiRateIsTheMeanOfBothBranchesOfTheSeptember2025Evaluation) {
  // The ERC gives "60% to 90% or more" and "20% to 50%" within 30 years; each
  // end becomes a Poisson rate -ln(1 - p) / 30 and the branches weigh alike.
  double sum = 0.0;
  for (const double p : {0.6, 0.9, 0.2, 0.5}) sum += -std::log(1.0 - p) / 30.0;
  const double expected = sum / 4.0;  // 0.03446
  for (const std::string& file : sector_files()) {
    SCOPED_TRACE(file);
    const json::object root = parse(file);
    const double rate = event(root, "nankai_trough_earthquake").at("annual_rate").to_number<double>();
    EXPECT_NEAR(rate, expected, 0.0005);  // the files round to three decimals
  }
}

TEST(ScenarioSources, TheNankaiFactorDrawsTheFourBranchEndsWithEqualWeights) {
  const std::vector<double> probabilities = {0.2, 0.5, 0.6, 0.9};  // ascending rates
  for (const std::string& file : sector_files()) {
    SCOPED_TRACE(file);
    const json::object root = parse(file);
    const json::object* operand = nullptr;
    for (const json::value& f : root.at("uncertain").as_array()) {
      if (f.as_object().at("id").as_string() == "nankai_rate") {
        operand = &f.as_object().at("changes").as_array().at(0).as_object().at("set").as_object();
      }
    }
    ASSERT_NE(operand, nullptr) << "no nankai_rate factor";
    EXPECT_EQ(operand->at("dist").as_string(), "discrete");
    const json::array& values = operand->at("values").as_array();
    const json::array& weights = operand->at("weights").as_array();
    ASSERT_EQ(values.size(), probabilities.size());
    ASSERT_EQ(weights.size(), probabilities.size());
    for (std::size_t k = 0; k < probabilities.size(); ++k) {
      EXPECT_NEAR(values[k].to_number<double>(), -std::log(1.0 - probabilities[k]) / 30.0, 0.00005);
      EXPECT_EQ(weights[k].to_number<double>(), 0.25);
    }
  }
}

TEST(ScenarioSources, KoreanYardsBuyTheChineseShareOfPlateThatKosaReports) {
  // KOSA: imports were 32.3% of Korean shipbuilding plate (Jan-Sep 2024) and
  // 65.2% of plate imports were Chinese (H1 2024).
  const double chinese = 0.323 * 0.652;  // 0.2106
  for (const std::string name : {"shipbuilding.json", "strategic_industries.json"}) {
    SCOPED_TRACE(name);
    const json::object root = parse(test::source_path("scenarios/" + name));
    EXPECT_NEAR(supplier_share(root, "kr_shipyards", "steel_plate", "cn_steel_plate"), chinese, 0.005);
    EXPECT_NEAR(supplier_share(root, "kr_shipyards", "steel_plate", "kr_steel_plate"), 1.0 - 0.323, 0.005);
  }
}

}  // namespace
}  // namespace chokepoint
