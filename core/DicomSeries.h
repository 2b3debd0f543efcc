#pragma once
// Choosing and checking the DICOM series of a folder before ITK stacks it into a volume.
// ITK takes whatever file names it is given: a missing slice becomes a volume with a wrong
// spacing, and of two series with as many slices one is taken silently. Both are refused here.
#include <string>
#include <vector>

namespace seglens {

class DicomSeries {
 public:
  // The files of the folder's series, ordered along the slice normal. Throws InputError naming
  // `folder` when it holds no series, several series of the same largest size (listing them),
  // or slices whose positions are not evenly spaced (naming the gap).
  static std::vector<std::string> select(const std::string& folder);
};

}  // namespace seglens
