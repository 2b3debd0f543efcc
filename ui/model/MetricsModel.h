#pragma once
// Live metrics state next to ViewerModel: the metrics table (overlap scores at once from the
// overlap counts, distance columns when core's evaluatePrediction finishes in the background),
// per-slice profiles along the active view's axis, the local metric map, live thresholding of
// probability maps and the Dice-vs-threshold curve. Every computation is a core call run in a
// JobSlot (latest request wins, cancel through core's Progress, failures kept and shown); job
// state lives here so widgets only display it. No widgets, no VTK.
#include <QObject>
#include <QString>

#include <functional>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "Evaluation.h"
#include "model/JobSlot.h"
#include "ThresholdCurve.h"
#include "model/ViewerModel.h"
#include "WindowedMap.h"

namespace seglens {

enum class MetricsScope { SelectedLabel, AllLabels, Mean, Foreground };
enum class ProfileMetric { Dice, Jaccard, F1, Counts };

struct MetricsRow {
  enum class Kind { Label, Mean, Foreground };
  int predictionId = 0;
  QString prediction;
  Kind kind = Kind::Label;
  std::uint32_t label = 0;  // 0 for mean and foreground rows
  QString labelName;
  LabelMetrics metrics;
  bool distancesPending = false;  // distance columns will fill in when the job finishes
};

struct PredictionSummary {
  int predictionId = 0;
  QString name;
  std::optional<double> meanDice, meanHd95;
  bool bestDice = false, bestHd95 = false;
  // The means compare like with like: over the labels every evaluated prediction scores (a
  // probability map scores its one label). `restricted` when that is fewer than this one's own.
  std::size_t meanLabels = 0;
  bool restricted = false;
};

// Per-slice counts of the selected label for one prediction, in the slice order of the views
// (index k of the profile = slice k of the view along profileAxis()).
struct PredictionProfile {
  int predictionId = 0;
  QString name;
  std::vector<SliceLabelCounts> slices;
};

struct WorstSlice {
  int slice = 0;  // view slice index
  int predictionId = 0;
  double dice = 0;
};

class MetricsModel : public QObject {
  Q_OBJECT
 public:
  explicit MetricsModel(ViewerModel& viewer, QObject* parent = nullptr);
  ~MetricsModel() override;
  ViewerModel& viewer() { return viewer_; }

  // --- Table --------------------------------------------------------------------------------
  MetricsScope scope() const { return scope_; }
  void setScope(MetricsScope scope);
  const Conventions& conventions() const { return conventions_; }
  // Which surface the distance columns use (voxel or surfel; core/Metrics.h SurfaceDefinition):
  // the distances are computed again under the new definition.
  void setSurfaceDefinition(SurfaceDefinition definition);
  std::vector<MetricsRow> rows() const;
  std::vector<PredictionSummary> summary() const;
  // The current evaluation of a prediction (overlap scores; distances when computed), or null
  // before its overlap is known.
  const PredictionEvaluation* evaluation(int predictionId) const;
  bool distancesReady(int predictionId) const;
  // Clicking a row: makes that prediction active and selects the label (0 keeps the selection).
  void selectRow(const MetricsRow& row);

  // --- Per-slice profile -------------------------------------------------------------------
  ViewAxis profileAxis() const { return profileAxis_; }
  void setProfileAxis(ViewAxis axis);
  ProfileMetric profileMetric() const { return profileMetric_; }
  void setProfileMetric(ProfileMetric metric);
  const std::vector<PredictionProfile>& profiles() const { return profiles_; }
  std::uint32_t profileLabel() const { return profileLabel_; }
  int profileSliceCount() const;
  // View slice the crosshair is on along profileAxis(), -1 without data.
  int currentProfileSlice() const;
  // Moves the crosshair to view slice `slice` along profileAxis(), keeping its in-plane place.
  void goToSlice(int slice);
  // Lowest Dice among slices where the label is present in the reference or the prediction,
  // over every prediction, ascending.
  // Predictions that never contain the label are left out (see absentPredictions()).
  std::vector<WorstSlice> worstSlices(std::size_t count) const;
  // Predictions of the current profile without a voxel of its label on any slice.
  std::vector<int> absentPredictions() const;
  // Clicking a worst slice: makes its prediction active and moves to the slice.
  void goToWorstSlice(const WorstSlice& w);
  // Value of a profile metric for one slice's counts; nullopt when the label is absent from both.
  static std::optional<double> sliceValue(const SliceLabelCounts& c, ProfileMetric metric);

  // --- Local metric map --------------------------------------------------------------------
  // The window's range and default (mm): the panel and the export dialog read these.
  static constexpr double kLocalWindowMinMm = 0.5, kLocalWindowMaxMm = 200.0;
  static constexpr double kLocalWindowDefaultMm = 10.0;
  // A probability map's threshold range (foreground where p >= threshold).
  static constexpr double kThresholdMin = 0.0, kThresholdMax = 1.0;
  bool localMapEnabled() const { return mapEnabled_; }
  void setLocalMapEnabled(bool on);
  LocalMetric localMetric() const { return mapMetric_; }
  void setLocalMetric(LocalMetric metric);
  double localWindowMm() const { return mapWindowMm_; }
  void setLocalWindowMm(double mm);
  // Value of the shown map at a physical point (NaN/none outside it or where transparent).
  std::optional<double> localValueAt(const Vec3& p) const;

  // --- Live thresholding -------------------------------------------------------------------
  // The probability-map prediction the threshold controls act on (active one if it is a
  // probability map, else the first one that is), 0 when none.
  int thresholdPrediction() const;
  // The threshold of the last request (the displayed image lags until its job lands).
  std::optional<double> requestedThreshold(int predictionId) const;
  double appliedThreshold(int predictionId) const;
  void setThreshold(int predictionId, double threshold);
  // Dice-vs-threshold of the probability map against its label, once computed.
  const ThresholdCurve* thresholdCurve(int predictionId) const;
  // Tests only: runs on the worker thread before a threshold job computes its overlap, so a test
  // can replace an input while the job is in flight without racing it.
  void setThresholdJobHook(std::function<void()> hook) { thresholdHook_ = std::move(hook); }

  // --- Jobs ---------------------------------------------------------------------------------
  JobState distanceJob() const { return distances_.state(); }
  JobState profileJob() const { return profile_.state(); }
  JobState mapJob() const { return map_.state(); }
  JobState thresholdJob() const { return threshold_.state(); }
  JobState curveJob() const { return curve_.state(); }
  bool busy() const;
  // Human-readable summary of what is running and of the last failure, empty when idle and fine.
  QString jobText() const;
  // The last failure of any job, empty when none (kept until its inputs change).
  QString jobError() const;

 Q_SIGNALS:
  void metricsChanged();   // rows or summary changed (overlap or distances arrived, scope)
  void profileChanged();   // profile data, axis, metric or label changed
  void currentSliceChanged();
  void localMapChanged();  // settings of the map (the map itself is ViewerModel::metricMap)
  void thresholdChanged();  // requested/applied threshold or the curve changed
  void jobsChanged();

 private:
  struct Evaluated {
    std::shared_ptr<const LabelImage> gt, pred;
    PredictionEvaluation eval;
    bool distances = false;
    std::string distanceError;  // the distance job failed on these inputs (not retried)
    int tableRevision = 0;      // ViewerModel::labelTableRevision() the names come from
  };

  void onOverlapChanged();
  static bool absentEverywhere(const PredictionProfile& p);
  void refreshNames(Evaluated& e) const;
  void onDataChanged();
  void scheduleDistances();
  void scheduleProfile();
  void scheduleMap();
  void scheduleCurve();
  void jobStateChanged();
  EvalOptions evalOptions() const;
  PredictionEvaluation fastEvaluation(const std::shared_ptr<const LabelImage>& gt,
                                      const LabelImage& pred, const OverlapCounts& counts);
  void requestThreshold(int predictionId);
  InputKey thresholdKey(int predictionId) const;
  std::vector<int> viewToIndexSlices(int* indexAxis) const;

  ViewerModel& viewer_;
  Conventions conventions_;
  MetricsScope scope_ = MetricsScope::AllLabels;
  std::map<int, Evaluated> evals_;

  ViewAxis profileAxis_ = ViewAxis::Axial;
  ProfileMetric profileMetric_ = ProfileMetric::Dice;
  std::uint32_t profileLabel_ = 0;
  std::vector<PredictionProfile> profiles_;
  int lastSlice_ = -1;

  bool mapEnabled_ = false;
  LocalMetric mapMetric_ = LocalMetric::Dice;
  double mapWindowMm_ = kLocalWindowDefaultMm;

  std::map<int, double> requested_;  // prediction id -> last requested threshold
  struct CurveEntry {
    std::shared_ptr<const LabelImage> gt;
    std::shared_ptr<const std::vector<float>> probabilities;
    ThresholdCurve curve;
  };
  std::map<int, CurveEntry> curves_;
  int thresholdId_ = 0;  // prediction of the threshold job in flight
  std::function<void()> thresholdHook_;
  // Soft Dice sums of a probability map against the GT: they do not depend on the threshold, so
  // a threshold step reuses them.
  struct SoftEntry {
    InputKey key;  // GT, probabilities
    SoftSums sums;
  };
  std::vector<SoftEntry> soft_;

  JobSlot<Evaluated> distances_;
  JobSlot<std::vector<PredictionProfile>> profile_;
  JobSlot<std::shared_ptr<const WindowedMap>> map_;
  struct Thresholded {
    int id = 0;
    std::shared_ptr<const LabelImage> image;
    std::shared_ptr<const OverlapCounts> counts;
  };
  JobSlot<Thresholded> threshold_;
  JobSlot<ThresholdCurve> curve_;
};

}  // namespace seglens
