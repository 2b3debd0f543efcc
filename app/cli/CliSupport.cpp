#include "CliSupport.h"

#include <iostream>

#include "Commands.h"
#include "ImageIO.h"
#include "ParallelLoader.h"

namespace seglens::cli {

LabelPair loadLabelPair(const std::string& reference, const std::string& prediction,
                        bool resample) {
  ParallelLoader::Request request;
  request.labelMaps = {reference, prediction};
  auto loaded = ParallelLoader::load(request);
  LabelPair pair{std::move(loaded.labelMaps[0]), std::move(loaded.labelMaps[1])};
  std::string warning;
  pair.prediction = conformToGrid(std::move(pair.prediction), pair.reference.geometry, prediction,
                                  resample, &warning);
  if (!warning.empty()) std::cerr << "seglens-cli: warning: " << warning << "\n";
  return pair;
}

int runGuarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "seglens-cli: error: " << e.what() << "\n";
    return kInputError;
  }
}

}  // namespace seglens::cli
