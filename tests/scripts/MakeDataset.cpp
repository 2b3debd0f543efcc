// seglens-make-dataset OUT CASES NX NY NZ LABELS MODELS: a generated dataset for the Slurm test
// and the dataset benchmark: OUT/labelsTs/caseNNN.nii.gz (random blobs of labels 1..LABELS) and
// OUT/modelM/caseNNN.nii.gz, the reference shifted by M+1 voxels (so models differ).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>

#include "ImageIO.h"
#include "../core/TestVolumes.h"

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: %s OUT CASES NX NY NZ LABELS MODELS\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    const int cases = std::atoi(argv[2]), labels = std::atoi(argv[6]), models = std::atoi(argv[7]);
    const seglens::Geometry g = seglens::test::grid(std::strtoul(argv[3], nullptr, 10),
                                                    std::strtoul(argv[4], nullptr, 10),
                                                    std::strtoul(argv[5], nullptr, 10),
                                                    {0.8, 0.8, 1.5});
    std::filesystem::create_directories(out / "labelsTs");
    for (int m = 0; m < models; ++m) std::filesystem::create_directories(out / ("model" + std::to_string(m)));
    for (int c = 0; c < cases; ++c) {
      char id[32];
      std::snprintf(id, sizeof id, "case%03d.nii.gz", c);
      const auto ref = seglens::test::randomBlobs(g, labels, 2 * labels, 1000 + c);
      seglens::saveLabelImage(seglens::LabelImage::fromLabels(g, ref.data()),
                              (out / "labelsTs" / id).string(), true);
      for (int m = 0; m < models; ++m) {
        std::vector<std::uint32_t> pred(ref.size(), 0);
        const std::size_t shift = std::size_t(m) + 1;
        for (std::size_t i = shift; i < ref.size(); ++i) pred[i] = ref[i - shift];
        seglens::saveLabelImage(seglens::LabelImage::fromLabels(g, pred.data()),
                                (out / ("model" + std::to_string(m)) / id).string(), true);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seglens-make-dataset: %s\n", e.what());
    return 3;
  }
  return 0;
}
