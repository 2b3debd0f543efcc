#pragma once
// Scores the cases of a dataset run, several at a time: each case's reference and predictions
// load concurrently, then go through evaluatePrediction (the `eval` engine), and come out as
// cases.csv rows. Memory is bounded by `jobs` cases in flight, whatever the dataset size.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "CasesTable.h"
#include "DatasetCases.h"
#include "DatasetSpec.h"
#include "Evaluation.h"
#include "ImageIO.h"
#include "LabelTable.h"

namespace seglens {

enum class MissingPolicy { Error, Worst, Skip };

struct DatasetConfig {
  EvalOptions options;               // options.labels: --labels (empty: see fixedLabels)
  LabelLoadOptions load;
  LabelTable table;                  // names of plain labels
  std::optional<DatasetSpec> spec;   // dataset.json: labels, regions, ignore
  std::vector<std::string> predictionNames;
  MissingPolicy missing = MissingPolicy::Error;

  // Whether the label list is known before any file is read (dataset.json or --labels); when
  // not, each case scores the labels it holds and the rest are filled in once all are known.
  bool fixedLabels() const { return spec.has_value() || !options.labels.empty(); }
};

struct CaseOutcome {
  std::vector<CasesTable::Row> rows;
  std::uint64_t voxels = 0;   // voxels of the reference grid (0 when it failed to load)
  std::uint64_t ignored = 0;  // reference voxels under dataset.json's ignore label
  std::string error;          // the first failure's message, "" when every file loaded
};

class DatasetEvaluator {
 public:
  explicit DatasetEvaluator(DatasetConfig config);

  const DatasetConfig& config() const { return config_; }
  const std::vector<std::string>& columns() const { return columns_; }

  // Never throws for bad input: a file that fails to load gives status `error` rows.
  CaseOutcome evaluate(const DatasetCase& c) const;

  // The row of a label absent from both images of a case of `voxels` voxels: what
  // evaluatePrediction gives such a label, computed on a one-voxel empty pair (no score of an
  // absent label depends on the grid) with tn set to the case's voxels.
  CasesTable::Row absentRow(const std::string& caseId, const std::string& prediction,
                            std::uint32_t label, const std::string& status,
                            std::uint64_t voxels) const;
  // A row without values: status `missing` (skipped) or `error` with its message.
  CasesTable::Row emptyRow(const std::string& caseId, const std::string& prediction,
                           const std::string& label, const std::string& name,
                           const std::string& status, const std::string& error) const;

  // Evaluates cases[indices[k]] on `jobs` worker threads (each case's metrics use oneTBB's
  // pool), calling `done(k, outcome)` from one thread at a time, in completion order. Stops
  // taking new cases once `done` returns false.
  void run(const std::vector<DatasetCase>& cases, const std::vector<std::size_t>& indices,
           int jobs, const std::function<bool(std::size_t, CaseOutcome&&)>& done) const;

 private:
  std::vector<CasesTable::Row> scorePrediction(const DatasetCase& c, std::size_t p,
                                               const LabelImage& reference,
                                               LabelImage prediction,
                                               const std::string& status) const;
  std::vector<CasesTable::Row> toRows(const PredictionEvaluation& ev, const std::string& caseId,
                                      const std::string& prediction, const std::string& status,
                                      const DatasetLabel* region) const;

  DatasetConfig config_;
  std::vector<std::string> columns_;
};

}  // namespace seglens
