#include "DatasetSpec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "InputError.h"

namespace seglens {
namespace {

std::uint32_t labelValue(const nlohmann::ordered_json& v, const std::string& source,
                         const std::string& key) {
  if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 0xffffffffLL)
    throw InputError(source, "label \"" + key + "\" is not a label value (integer >= 0)");
  return static_cast<std::uint32_t>(v.get<long long>());
}

}  // namespace

std::string DatasetLabel::key() const {
  if (!isRegion) return std::to_string(values.front());
  std::string s = "(";
  for (std::size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s + (values.size() == 1 ? ",)" : ")");
}

DatasetSpec DatasetSpec::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot read dataset.json");
  std::ostringstream os;
  os << in.rdbuf();
  DatasetSpec spec = parse(os.str(), path);
  spec.path = path;
  return spec;
}

DatasetSpec DatasetSpec::parse(const std::string& text, const std::string& source) {
  // ordered_json keeps the file's key order: regions are reported in the order they are declared.
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::ordered_json::exception& e) {
    throw InputError(source, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("labels") || !j["labels"].is_object())
    throw InputError(source, "no \"labels\" object (an nnU-Net v2 dataset.json maps names to values)");
  DatasetSpec spec;
  for (const auto& [name, v] : j["labels"].items()) {
    DatasetLabel label;
    label.name = name;
    if (v.is_array()) {
      if (v.empty()) throw InputError(source, "region \"" + name + "\" lists no labels");
      label.isRegion = true;
      for (const auto& e : v) label.values.push_back(labelValue(e, source, name));
    } else {
      label.values.push_back(labelValue(v, source, name));
    }
    if (name == "ignore") {
      if (label.isRegion) throw InputError(source, "the ignore label must be one value");
      spec.ignore = label.values.front();
      continue;
    }
    if (!label.isRegion && label.values.front() == 0) continue;  // background
    spec.labels.push_back(std::move(label));
  }
  // Plain labels ascending (as cases.csv orders them), then regions in the file's order.
  std::stable_sort(spec.labels.begin(), spec.labels.end(), [](const auto& a, const auto& b) {
    if (a.isRegion != b.isRegion) return !a.isRegion;
    return !a.isRegion && a.values < b.values;
  });
  return spec;
}

std::string DatasetSpec::findFor(const std::string& referenceDir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(referenceDir, ec).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "labelsTs/" names the folder itself
  for (const fs::path& candidate : {dir / "dataset.json", dir.parent_path() / "dataset.json"})
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  return "";
}

bool DatasetSpec::hasRegions() const {
  return std::any_of(labels.begin(), labels.end(), [](const auto& l) { return l.isRegion; });
}

std::vector<std::uint32_t> DatasetSpec::plainLabels() const {
  std::vector<std::uint32_t> out;
  for (const auto& l : labels)
    if (!l.isRegion) out.push_back(l.values.front());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace seglens
