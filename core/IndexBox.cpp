#include "IndexBox.h"

#include <variant>

#include "LabelImage.h"

namespace seglens {

std::vector<IndexBox> codeBoxes(const LabelImage& image) {
  return std::visit(
      [&](const auto& codes) {
        return boundingBoxes(image.geometry, image.codeCount(),
                             [&](std::size_t i) { return int(codes[i]); });
      },
      image.codes);
}

IndexBox labelBox(const LabelImage& image, std::uint32_t label) {
  const std::vector<IndexBox> boxes = codeBoxes(image);
  IndexBox box;
  for (std::size_t c = 1; c < boxes.size(); ++c)
    if (label == 0 || image.labelValues[c] == label) box.add(boxes[c]);
  return box;
}

}  // namespace seglens
