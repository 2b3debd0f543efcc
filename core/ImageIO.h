#pragma once
// Reading and writing volumes through ITK: NIfTI, NRRD, MetaImage and DICOM series (a folder).
// Every failure is an InputError naming the file and the problem.
#include <cstdint>
#include <optional>
#include <string>

#include "LabelImage.h"
#include "Progress.h"
#include "ScalarImage.h"

namespace seglens {

struct LabelLoadOptions {
  // Threshold for float (probability) inputs. Unset: 0.5 for maps in [0,1]; float images with
  // values above 1 are rejected unless a threshold is given (then value/255 >= threshold) or
  // floatLabels is set.
  std::optional<double> threshold;
  // Read float images holding integer values as label maps.
  bool floatLabels = false;
  // The label a probability map predicts.
  std::uint32_t probabilityLabel = 1;
};

LabelImage loadLabelImage(const std::string& path, const LabelLoadOptions& options = {},
                          Progress* progress = nullptr);
ScalarImage loadScalarImage(const std::string& path, Progress* progress = nullptr);

// Reads only the header: size, spacing, origin, direction.
Geometry readGeometry(const std::string& path);

// Writers refuse to replace an existing file unless `overwrite` is set.
void saveLabelImage(const LabelImage& image, const std::string& path, bool overwrite = false);
void saveScalarImage(const ScalarImage& image, const std::string& path, bool overwrite = false);
void saveFloatImage(const Geometry& g, const std::vector<float>& voxels, const std::string& path,
                    bool overwrite = false);

// Nearest-neighbour resampling of a label map onto another grid (ITK ResampleImageFilter).
LabelImage resampleNearest(const LabelImage& image, const Geometry& target);

// Returns `image` unchanged when its grid matches `grid`. Otherwise throws an InputError naming
// `path` and the differing attribute, or - with `resample` - resamples it (nearest neighbour)
// and describes what was done in `warning`.
LabelImage conformToGrid(LabelImage image, const Geometry& grid, const std::string& path,
                         bool resample, std::string* warning = nullptr);

// What a report says about an image resampled onto the reference grid: `path`, how its grid
// differed, and that nearest neighbour was used. One text for `eval --resample` and the viewer.
std::string resampleWarning(const std::string& path, const GeometryMismatch& mismatch);

}  // namespace seglens
