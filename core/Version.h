#pragma once
// What this build is made of, for About boxes and bug reports: the SegLens version and the
// versions of the libraries core was compiled against.
#include <string>

namespace seglens {

std::string seglensVersion();
// "ITK 5.2.1, oneTBB 2021.8.0, nlohmann-json 3.11.2, libdeflate 1.14"
std::string coreLibraryVersions();

}  // namespace seglens
