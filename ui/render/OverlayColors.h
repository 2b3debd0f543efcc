#pragma once
// Fixed overlay colours. TP/FP/FN use the Okabe-Ito palette, distinguishable under the common
// colour-vision deficiencies: blue for agreement, vermillion and yellow for the two errors so
// the mistakes are what stands out on a grey scan.
#include <array>
#include <cstdint>

namespace seglens::colors {

using Rgb = std::array<std::uint8_t, 3>;
inline constexpr Rgb kTruePositive{0, 114, 178};    // Okabe-Ito blue
inline constexpr Rgb kFalsePositive{213, 94, 0};    // Okabe-Ito vermillion
inline constexpr Rgb kFalseNegative{240, 228, 66};  // Okabe-Ito yellow
inline constexpr Rgb kCrosshair{86, 180, 233};      // Okabe-Ito sky blue
inline constexpr Rgb kGtSurface{230, 230, 230};
inline constexpr Rgb kPredSurface{230, 159, 0};     // Okabe-Ito orange
// The selected label's GT outline: it must stand out whatever the label's own colour (the AAL
// table's are light greys, the least visible thing on a grey MR) and is no error-map colour.
inline constexpr Rgb kFocusOutline{255, 0, 200};
// Outline colours of the predictions while a label is selected: two predictions of the same
// label are told apart, and neither is read as the GT's fill (Okabe-Ito orange, bluish green,
// reddish purple; the first prediction in the list gets the first).
inline Rgb predictionColor(std::size_t index) {
  constexpr Rgb palette[3] = {{230, 159, 0}, {0, 158, 115}, {204, 121, 167}};
  return palette[index % 3];
}

inline std::uint32_t packRgba(const Rgb& c, double alpha) {
  const auto a = static_cast<std::uint32_t>(alpha * 255.0 + 0.5);
  // Little-endian RGBA bytes in memory, as vtkImageData expects for 4 unsigned char components.
  return std::uint32_t(c[0]) | (std::uint32_t(c[1]) << 8) | (std::uint32_t(c[2]) << 16) |
         ((a > 255 ? 255u : a) << 24);
}

inline double toUnit(std::uint8_t v) { return v / 255.0; }

}  // namespace seglens::colors
