#include "ParallelLoader.h"

#include <tbb/task_group.h>

#include <atomic>
#include <exception>

namespace seglens {

ParallelLoader::Result ParallelLoader::load(const Request& request, Progress* progress) {
  Result result;
  const std::size_t files = request.labelMaps.size() + (request.scan ? 1 : 0);
  std::vector<std::optional<LabelImage>> labels(request.labelMaps.size());
  std::vector<std::exception_ptr> errors(files);
  std::atomic<std::size_t> done{0};
  const auto finished = [&] {
    reportProgress(progress, double(++done) / double(std::max<std::size_t>(files, 1)));
  };

  tbb::task_group group;
  std::size_t slot = 0;
  if (request.scan) {
    const std::size_t mine = slot++;
    group.run([&, mine] {
      try {
        checkCancelled(progress);
        result.scan = loadScalarImage(*request.scan);
      } catch (...) {
        errors[mine] = std::current_exception();
      }
      finished();
    });
  }
  for (std::size_t i = 0; i < request.labelMaps.size(); ++i) {
    const std::size_t mine = slot++;
    group.run([&, i, mine] {
      try {
        checkCancelled(progress);
        labels[i] = loadLabelImage(request.labelMaps[i], request.options);
      } catch (...) {
        errors[mine] = std::current_exception();
      }
      finished();
    });
  }
  group.wait();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  result.labelMaps.reserve(labels.size());
  for (auto& l : labels) result.labelMaps.push_back(std::move(*l));
  return result;
}

}  // namespace seglens
