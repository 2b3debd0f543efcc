#pragma once
// A label map stored as dense codes so the overlap engine's joint histogram stays small whatever
// the label values are (AAL uses 1..116, FreeSurfer-style maps use values in the thousands).
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "Geometry.h"

namespace seglens {

class LabelImage {
 public:
  using Codes8 = std::vector<std::uint8_t>;
  using Codes16 = std::vector<std::uint16_t>;

  Geometry geometry;
  // Code c stands for label labelValues[c]; code 0 is always label 0 (background).
  std::vector<std::uint32_t> labelValues{0};
  // Number of voxels per code, filled by the factories.
  std::vector<std::uint64_t> codeVoxels{0};
  std::variant<Codes8, Codes16> codes;

  // Set when this image was binarised from a probability map: the map scaled to [0,1], the
  // label it predicts, and the threshold used (voxel is foreground when p >= threshold).
  std::shared_ptr<const std::vector<float>> probabilities;
  std::uint32_t probabilityLabel = 1;
  double threshold = 0.5;

  std::size_t codeCount() const { return labelValues.size(); }
  bool isProbabilityMap() const { return probabilities != nullptr; }
  std::uint32_t labelAt(std::size_t linear) const;
  // Code of `label`, or -1 when the label does not occur in this image.
  int codeOf(std::uint32_t label) const;
  // Non-zero labels with at least one voxel, ascending.
  std::vector<std::uint32_t> presentLabels() const;
  std::uint64_t voxelsOf(std::uint32_t label) const;

  // Builds an image from arbitrary label values (remapped to codes). Throws std::invalid_argument
  // when more than 65535 distinct labels occur.
  static LabelImage fromLabels(const Geometry& g, const std::uint32_t* labels);
  template <class T>
  static LabelImage fromRaw(const Geometry& g, const T* labels);
  // Binarises a [0,1] probability map: p >= threshold -> `label`, else background.
  static LabelImage fromProbabilities(const Geometry& g,
                                      std::shared_ptr<const std::vector<float>> probabilities,
                                      double threshold, std::uint32_t label = 1);
  // Re-binarises this image's probability map at another threshold.
  void rethreshold(double newThreshold);

  // Expands codes to label values (one uint32 per voxel), e.g. for writing or ITK filters.
  std::vector<std::uint32_t> labels() const;
  void recount();
};

}  // namespace seglens
