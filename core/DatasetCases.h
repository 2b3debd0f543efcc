#pragma once
// The cases of a dataset run: reference files in a folder, each prediction folder's file of the
// same case id (nnU-Net's layout), optional images, and the deterministic shards of the list.
#include <string>
#include <vector>

namespace seglens {

struct DatasetCase {
  std::string id;
  std::string reference;                 // absolute path
  std::vector<std::string> predictions;  // absolute path per prediction folder; "" when missing
  std::string image;                     // imagesTs/CASE_0000.<ext>, "" when none
};

struct PredictionSource {
  std::string name;
  std::string dir;
};

class DatasetCases {
 public:
  std::vector<DatasetCase> cases;        // sorted by id
  std::vector<std::string> warnings;     // prediction files without a reference

  // Throws InputError naming the folder when a folder cannot be listed or holds no reference.
  static DatasetCases discover(const std::string& referenceDir,
                               const std::vector<PredictionSource>& predictions,
                               const std::string& imagesDir);
  // The case id of a file name: the name without a known image extension, or "" when the file
  // is not an image SegLens reads (.nii.gz, .nii, .seg.nrrd, .nrrd, .mha, .mhd).
  static std::string caseId(const std::string& fileName);
  // Indices of shard `index` of `count`: case i belongs to shard i % count, so every shard gets
  // a spread of the sorted list and shards differ in size by one case at most.
  static std::vector<std::size_t> shard(std::size_t caseCount, std::size_t index,
                                        std::size_t count);
  // "case (prediction)" for every case whose prediction file is missing.
  std::vector<std::string> missing(const std::vector<PredictionSource>& predictions) const;
};

}  // namespace seglens
