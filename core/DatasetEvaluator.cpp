#include "DatasetEvaluator.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "ParallelLoader.h"
#include "Report.h"

namespace seglens {
namespace {

// Joins every worker however the scope is left, so no thread outlives the evaluator's data.
struct JoinAll {
  std::vector<std::thread>& threads;
  ~JoinAll() {
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

LabelImage binaryRegion(const Geometry& g, const std::vector<std::uint32_t>& labels,
                        const std::vector<std::uint32_t>& region) {
  std::vector<std::uint8_t> mask(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i)
    mask[i] = std::find(region.begin(), region.end(), labels[i]) != region.end() ? 1 : 0;
  return LabelImage::fromRaw(g, mask.data());
}

}  // namespace

DatasetEvaluator::DatasetEvaluator(DatasetConfig config)
    : config_(std::move(config)),
      columns_(CasesTable::withColumns(config_.options.conventions).columns) {
  if (config_.spec)
    for (const DatasetLabel& l : config_.spec->labels)
      if (!l.isRegion) config_.table.set({l.values.front(), l.name});
  // The CLI writes sparse confusion cells only; the dense matrix would be wasted here too.
  config_.options.denseConfusion = false;
}

std::vector<CasesTable::Row> DatasetEvaluator::toRows(const PredictionEvaluation& ev,
                                                      const std::string& caseId,
                                                      const std::string& prediction,
                                                      const std::string& status,
                                                      const DatasetLabel* region) const {
  // eval's own CSV writer formats the values, so a dataset row equals the `eval --csv` row.
  EvalReport report;
  report.conventions = config_.options.conventions;
  report.predictions.push_back(ev);
  const auto records = CasesTable::parseCsv(reportCsv(report), "eval CSV");
  std::vector<CasesTable::Row> rows;
  for (std::size_t k = 1; k <= ev.labels.size(); ++k) {
    const CasesTable::Row& r = records[k];
    CasesTable::Row row{caseId, prediction, region ? region->key() : r[1],
                        region ? region->name : r[2], status};
    row.insert(row.end(), r.begin() + 3, r.end());
    row.emplace_back();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<CasesTable::Row> DatasetEvaluator::scorePrediction(const DatasetCase& c,
                                                               std::size_t p,
                                                               const LabelImage& reference,
                                                               LabelImage prediction,
                                                               const std::string& status) const {
  const std::string& name = config_.predictionNames[p];
  const std::string path = c.predictions[p];
  const DatasetSpec* spec = config_.spec ? &*config_.spec : nullptr;
  if (!spec || (!spec->ignore && !spec->hasRegions()))
    return toRows(evaluatePrediction(reference, std::move(prediction), path, config_.table,
                                     config_.options),
                  c.id, name, status, nullptr);
  // Regions and the ignore label are voxel-wise rewrites of both images, on one grid.
  std::string warning;
  prediction = conformToGrid(std::move(prediction), reference.geometry, path,
                             config_.options.resample, &warning);
  std::vector<std::uint32_t> ref = reference.labels(), pred = prediction.labels();
  if (spec->ignore) {
    for (std::size_t i = 0; i < ref.size(); ++i) {
      if (ref[i] == *spec->ignore) ref[i] = pred[i] = 0;
      else if (pred[i] == *spec->ignore) pred[i] = 0;  // not a class: predicting it is background
    }
  }
  const Geometry& g = reference.geometry;
  std::vector<CasesTable::Row> rows;
  EvalOptions options = config_.options;
  if (options.labels.empty()) options.labels = spec->plainLabels();
  if (!options.labels.empty())
    rows = toRows(evaluatePrediction(LabelImage::fromLabels(g, ref.data()),
                                     LabelImage::fromLabels(g, pred.data()), path, config_.table,
                                     options),
                  c.id, name, status, nullptr);
  options.labels = {1};
  for (const DatasetLabel& region : spec->labels) {
    if (!region.isRegion) continue;
    auto ev = evaluatePrediction(binaryRegion(g, ref, region.values),
                                 binaryRegion(g, pred, region.values), path, config_.table,
                                 options);
    auto more = toRows(ev, c.id, name, status, &region);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

CasesTable::Row DatasetEvaluator::emptyRow(const std::string& caseId,
                                           const std::string& prediction,
                                           const std::string& label, const std::string& name,
                                           const std::string& status,
                                           const std::string& error) const {
  CasesTable::Row row(columns_.size());
  row[0] = caseId;
  row[1] = prediction;
  row[2] = label;
  row[3] = name;
  row[4] = status;
  row.back() = error;
  return row;
}

CasesTable::Row DatasetEvaluator::absentRow(const std::string& caseId,
                                            const std::string& prediction, std::uint32_t label,
                                            const std::string& status,
                                            std::uint64_t voxels) const {
  Geometry g;
  g.size = {1, 1, 1};
  const std::uint32_t zero = 0;
  EvalOptions options = config_.options;
  options.labels = {label};
  auto ev = evaluatePrediction(LabelImage::fromLabels(g, &zero), LabelImage::fromLabels(g, &zero),
                               "", config_.table, options);
  CasesTable::Row row = toRows(ev, caseId, prediction, status, nullptr).front();
  row[std::size_t(std::find(columns_.begin(), columns_.end(), "tn") - columns_.begin())] =
      std::to_string(voxels);
  return row;
}

CaseOutcome DatasetEvaluator::evaluate(const DatasetCase& c) const {
  CaseOutcome out;
  const std::size_t np = config_.predictionNames.size();
  auto failAll = [&](const std::string& message) {
    out.rows.clear();
    out.error = message;
    for (std::size_t p = 0; p < np; ++p)
      out.rows.push_back(emptyRow(c.id, config_.predictionNames[p], "", "", "error", message));
    return out;
  };
  ParallelLoader::Request request;
  request.options = config_.load;
  request.labelMaps.push_back(c.reference);
  for (const std::string& p : c.predictions)
    if (!p.empty()) request.labelMaps.push_back(p);
  ParallelLoader::Result loaded;
  try {
    loaded = ParallelLoader::load(request);
  } catch (const std::exception& e) {
    return failAll(e.what());
  }
  const LabelImage& reference = loaded.labelMaps.front();
  out.voxels = reference.geometry.voxelCount();
  if (config_.spec && config_.spec->ignore) out.ignored = reference.voxelsOf(*config_.spec->ignore);
  std::size_t next = 1;
  for (std::size_t p = 0; p < np; ++p) {
    const std::string& name = config_.predictionNames[p];
    try {
      if (!c.predictions[p].empty()) {
        auto rows = scorePrediction(c, p, reference, std::move(loaded.labelMaps[next++]), "ok");
        out.rows.insert(out.rows.end(), rows.begin(), rows.end());
      } else if (config_.missing == MissingPolicy::Worst) {
        // Scored as an empty prediction would be, on the reference's grid.
        std::vector<std::uint8_t> zeros(reference.geometry.voxelCount(), 0);
        auto rows = scorePrediction(c, p, reference,
                                    LabelImage::fromRaw(reference.geometry, zeros.data()),
                                    "missing");
        out.rows.insert(out.rows.end(), rows.begin(), rows.end());
      } else {
        out.rows.push_back(emptyRow(c.id, name, "", "", "missing", ""));
      }
    } catch (const std::exception& e) {
      if (out.error.empty()) out.error = e.what();
      out.rows.push_back(emptyRow(c.id, name, "", "", "error", e.what()));
    }
  }
  return out;
}

void DatasetEvaluator::run(const std::vector<DatasetCase>& cases,
                           const std::vector<std::size_t>& indices, int jobs,
                           const std::function<bool(std::size_t, CaseOutcome&&)>& done) const {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex doneMutex;
  std::exception_ptr failure;  // from `done` (e.g. a checkpoint that cannot be written)
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      const std::size_t k = next.fetch_add(1);
      if (k >= indices.size()) return;
      CaseOutcome outcome = evaluate(cases[indices[k]]);
      std::lock_guard<std::mutex> lock(doneMutex);
      if (stop.load()) return;
      try {
        if (!done(k, std::move(outcome))) stop.store(true);
      } catch (...) {
        failure = std::current_exception();
        stop.store(true);
      }
    }
  };
  {
    std::vector<std::thread> threads;
    JoinAll joiner{threads};
    const int n = std::max(1, std::min<int>(jobs, int(indices.size())));
    for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace seglens
