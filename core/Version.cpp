#include "Version.h"

#include <itkVersion.h>
#include <libdeflate.h>
#include <nlohmann/json.hpp>
#include <oneapi/tbb/version.h>

namespace seglens {

std::string seglensVersion() {
#ifdef SEGLENS_VERSION
  return SEGLENS_VERSION;
#else
  return "unknown";
#endif
}

std::string coreLibraryVersions() {
  return std::string("ITK ") + ITK_VERSION + ", oneTBB " + TBB_VERSION_STRING + ", nlohmann-json " +
         std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR) +
         "." + std::to_string(NLOHMANN_JSON_VERSION_PATCH) + ", libdeflate " + LIBDEFLATE_VERSION_STRING;
}

}  // namespace seglens
