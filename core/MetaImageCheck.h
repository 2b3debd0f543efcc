#pragma once
// Checks a MetaImage (.mha/.mhd) header against the data it points to, before ITK reads it.
// ITK's MetaIO multiplies the dimensions without overflow checks (2^31 per axis wraps to an
// empty buffer that is then "read"), and a short data file is only a warning on stderr, the
// missing voxels staying 0. Both become an InputError here, naming the file at fault.
#include <string>

namespace seglens {

class MetaImageCheck {
 public:
  static bool handles(const std::string& path);  // .mha or .mhd, any case
  // Throws InputError when the header's voxel count overflows, the data file is missing, or
  // it holds fewer bytes than the header declares. Headers it cannot interpret are left to ITK.
  static void check(const std::string& path);
};

}  // namespace seglens
