#pragma once
// What an nnU-Net v2 dataset.json says about evaluation: label names, regions (a list value such
// as "whole_tumor": [1, 2, 3]) and the ignore label. Everything else in the file is ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace seglens {

struct DatasetLabel {
  std::string name;                     // the dataset.json key
  std::vector<std::uint32_t> values;    // one value: a plain label; a list: a region
  bool isRegion = false;                // written as a list in the file (even with one value)
  // The cases.csv `label` field and the nnU-Net summary key: "3" or Python's str of the tuple,
  // "(1, 2, 3)" (and "(3,)" for a one-element region).
  std::string key() const;
};

class DatasetSpec {
 public:
  std::string path;
  std::vector<DatasetLabel> labels;      // foreground labels and regions, in the file's order
  std::optional<std::uint32_t> ignore;   // the "ignore" label's value

  // Throws InputError naming `path` when the file cannot be read or is not a dataset.json.
  static DatasetSpec load(const std::string& path);
  static DatasetSpec parse(const std::string& text, const std::string& sourceName);
  // dataset.json beside the reference folder, or in its parent (nnU-Net's labelsTs/ sits in
  // the dataset folder); "" when there is none.
  static std::string findFor(const std::string& referenceDir);

  bool hasRegions() const;
  // The plain labels, ascending.
  std::vector<std::uint32_t> plainLabels() const;
};

}  // namespace seglens
