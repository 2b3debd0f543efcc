#include "LabelImage.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace seglens {

std::uint32_t LabelImage::labelAt(std::size_t linear) const {
  return std::visit([&](const auto& c) { return labelValues[c[linear]]; }, codes);
}

int LabelImage::codeOf(std::uint32_t label) const {
  for (std::size_t c = 0; c < labelValues.size(); ++c)
    if (labelValues[c] == label && (c == 0 || codeVoxels[c] > 0)) return static_cast<int>(c);
  return -1;
}

std::vector<std::uint32_t> LabelImage::presentLabels() const {
  std::vector<std::uint32_t> out;
  for (std::size_t c = 1; c < labelValues.size(); ++c)
    if (codeVoxels[c] > 0) out.push_back(labelValues[c]);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t LabelImage::voxelsOf(std::uint32_t label) const {
  const int c = codeOf(label);
  return c < 0 ? 0 : codeVoxels[c];
}

void LabelImage::recount() {
  codeVoxels.assign(labelValues.size(), 0);
  std::visit(
      [&](const auto& c) {
        for (auto v : c) ++codeVoxels[v];
      },
      codes);
}

template <class T>
LabelImage LabelImage::fromRaw(const Geometry& g, const T* labels) {
  LabelImage img;
  img.geometry = g;
  const std::size_t n = g.voxelCount();
  std::uint64_t maxValue = 0;
  for (std::size_t i = 0; i < n; ++i) maxValue = std::max<std::uint64_t>(maxValue, labels[i]);
  if (maxValue <= 255) {
    // Small labels are their own codes: no remapping, and uint8 keeps the engine's pass narrow.
    img.labelValues.resize(maxValue + 1);
    for (std::size_t v = 0; v <= maxValue; ++v) img.labelValues[v] = static_cast<std::uint32_t>(v);
    Codes8 codes(n);
    for (std::size_t i = 0; i < n; ++i) codes[i] = static_cast<std::uint8_t>(labels[i]);
    img.codes = std::move(codes);
    img.recount();
    return img;
  }
  std::unordered_map<std::uint64_t, std::uint32_t> map;
  map[0] = 0;
  std::vector<std::uint32_t> values{0};
  std::uint64_t lastValue = 0;
  std::uint32_t lastCode = 0;
  auto codeFor = [&](std::uint64_t v) {
    if (v == lastValue) return lastCode;
    auto it = map.find(v);
    std::uint32_t code;
    if (it == map.end()) {
      code = static_cast<std::uint32_t>(values.size());
      if (code > 65535) throw std::invalid_argument("more than 65535 distinct labels");
      map.emplace(v, code);
      values.push_back(static_cast<std::uint32_t>(v));
    } else {
      code = it->second;
    }
    lastValue = v;
    lastCode = code;
    return code;
  };
  Codes16 codes16(n);
  for (std::size_t i = 0; i < n; ++i) codes16[i] = static_cast<std::uint16_t>(codeFor(labels[i]));
  img.labelValues = std::move(values);
  if (img.labelValues.size() <= 256) {
    Codes8 codes8(codes16.begin(), codes16.end());
    img.codes = std::move(codes8);
  } else {
    img.codes = std::move(codes16);
  }
  img.recount();
  return img;
}

template LabelImage LabelImage::fromRaw<std::uint8_t>(const Geometry&, const std::uint8_t*);
template LabelImage LabelImage::fromRaw<std::uint16_t>(const Geometry&, const std::uint16_t*);
template LabelImage LabelImage::fromRaw<std::uint32_t>(const Geometry&, const std::uint32_t*);
template LabelImage LabelImage::fromRaw<std::uint64_t>(const Geometry&, const std::uint64_t*);

LabelImage LabelImage::fromLabels(const Geometry& g, const std::uint32_t* labels) {
  return fromRaw<std::uint32_t>(g, labels);
}

LabelImage LabelImage::fromProbabilities(const Geometry& g,
                                         std::shared_ptr<const std::vector<float>> probabilities,
                                         double threshold, std::uint32_t label) {
  LabelImage img;
  img.geometry = g;
  img.labelValues = {0, label};
  img.probabilities = std::move(probabilities);
  img.probabilityLabel = label;
  img.codes = Codes8(g.voxelCount());
  img.rethreshold(threshold);
  return img;
}

void LabelImage::rethreshold(double newThreshold) {
  if (!probabilities) throw std::logic_error("rethreshold on an image without a probability map");
  threshold = newThreshold;
  auto& c = std::get<Codes8>(codes);
  const float* p = probabilities->data();
  const float t = static_cast<float>(newThreshold);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, c.size(), 1 << 16), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) c[i] = p[i] >= t ? 1 : 0;
  });
  recount();
}

std::vector<std::uint32_t> LabelImage::labels() const {
  std::vector<std::uint32_t> out(geometry.voxelCount());
  std::visit(
      [&](const auto& c) {
        for (std::size_t i = 0; i < c.size(); ++i) out[i] = labelValues[c[i]];
      },
      codes);
  return out;
}

}  // namespace seglens
