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

inline std::uint32_t packRgba(const Rgb& c, double alpha) {
  const auto a = static_cast<std::uint32_t>(alpha * 255.0 + 0.5);
  // Little-endian RGBA bytes in memory, as vtkImageData expects for 4 unsigned char components.
  return std::uint32_t(c[0]) | (std::uint32_t(c[1]) << 8) | (std::uint32_t(c[2]) << 16) |
         ((a > 255 ? 255u : a) << 24);
}

inline double toUnit(std::uint8_t v) { return v / 255.0; }

}  // namespace seglens::colors
