#include "model/MetricsModel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "OverlapEngine.h"

namespace seglens {

namespace {

Vec3 directionColumn(const Geometry& g, int c) {
  return {g.direction[0 * 3 + c], g.direction[1 * 3 + c], g.direction[2 * 3 + c]};
}

const char* localMetricName(LocalMetric m) {
  switch (m) {
    case LocalMetric::Dice: return "Dice";
    case LocalMetric::Jaccard: return "Jaccard";
    case LocalMetric::F1: return "F1";
  }
  return "";
}

}  // namespace

MetricsModel::MetricsModel(ViewerModel& viewer, QObject* parent)
    : QObject(parent), viewer_(viewer), distances_(this), profile_(this), map_(this),
      threshold_(this), curve_(this) {
  distances_.setStateCallback([this] { jobStateChanged(); });
  profile_.setStateCallback([this] { jobStateChanged(); });
  map_.setStateCallback([this] { jobStateChanged(); });
  threshold_.setStateCallback([this] { jobStateChanged(); });
  curve_.setStateCallback([this] { jobStateChanged(); });
  connect(&viewer_, &ViewerModel::overlapChanged, this, &MetricsModel::onOverlapChanged);
  connect(&viewer_, &ViewerModel::dataChanged, this, &MetricsModel::onDataChanged);
  connect(&viewer_, &ViewerModel::activePredictionChanged, this, [this] {
    scheduleDistances();
    scheduleMap();
    scheduleCurve();
    Q_EMIT thresholdChanged();
  });
  connect(&viewer_, &ViewerModel::selectedLabelChanged, this, [this] {
    scheduleProfile();
    scheduleMap();
    if (scope_ == MetricsScope::SelectedLabel) Q_EMIT metricsChanged();
  });
  connect(&viewer_, &ViewerModel::crosshairChanged, this, [this] {
    const int k = currentProfileSlice();
    if (k == lastSlice_) return;
    lastSlice_ = k;
    Q_EMIT currentSliceChanged();
  });
}

MetricsModel::~MetricsModel() = default;

// --- Table ------------------------------------------------------------------------------------

void MetricsModel::setScope(MetricsScope scope) {
  if (scope == scope_) return;
  scope_ = scope;
  Q_EMIT metricsChanged();
}

void MetricsModel::setSurfaceDefinition(SurfaceDefinition definition) {
  if (definition == SurfaceDefinition::Both) definition = SurfaceDefinition::Surfel;  // one shown
  if (definition == conventions_.surface) return;
  conventions_.surface = definition;
  for (auto& [id, e] : evals_) {
    e.distances = false;
    e.distanceError.clear();
  }
  distances_.cancel();
  Q_EMIT metricsChanged();
  scheduleDistances();
}

EvalOptions MetricsModel::evalOptions() const {
  EvalOptions options;
  options.conventions = conventions_;
  return options;
}

PredictionEvaluation MetricsModel::fastEvaluation(const std::shared_ptr<const LabelImage>& gt,
                                                  const LabelImage& pred,
                                                  const OverlapCounts& counts) {
  // Core's evaluateOverlap on the counts the viewer already has, with the inputs
  // evaluatePrediction gives it (the same labels, soft sums and options), so the quick table is
  // the full one without its distance columns and nothing moves when those land.
  std::optional<ProbabilityScores> probability;
  if (pred.isProbabilityMap()) {
    const std::uint32_t label = pred.probabilityLabel;
    const InputKey key = InputKey().object(gt).object(pred.probabilities).setting(label);
    auto it = std::find_if(soft_.begin(), soft_.end(),
                           [&](const SoftEntry& e) { return e.key == key; });
    if (it == soft_.end()) {
      if (soft_.size() >= 8) soft_.erase(soft_.begin());  // old GTs and maps: never asked again
      soft_.push_back({key, softSums(*gt, label, *pred.probabilities)});
      it = std::prev(soft_.end());
    }
    probability = ProbabilityScores{label, it->sums};
  }
  return evaluateOverlap(counts, viewer_.labelTable(), evalOptions(), probability);
}

void MetricsModel::refreshNames(Evaluated& e) const {
  // A new label table renames the rows; nothing else in them depends on it.
  if (e.tableRevision == viewer_.labelTableRevision()) return;
  for (LabelMetrics& m : e.eval.labels) m.name = viewer_.labelTable().name(m.label);
  e.tableRevision = viewer_.labelTableRevision();
}

void MetricsModel::onOverlapChanged() {
  const SegmentationLayer* gt = viewer_.groundTruth();
  std::map<int, Evaluated> kept;
  for (const auto& p : viewer_.predictions()) {
    auto counts = viewer_.overlap(p.id);
    if (!gt || !counts) continue;
    auto it = evals_.find(p.id);
    if (it != evals_.end() && it->second.gt == gt->image && it->second.pred == p.image) {
      refreshNames(it->second);
      kept[p.id] = std::move(it->second);
      continue;
    }
    Evaluated e;
    e.gt = gt->image;
    e.pred = p.image;
    e.tableRevision = viewer_.labelTableRevision();
    e.eval = fastEvaluation(gt->image, *p.image, *counts);
    e.eval.path = p.path.toStdString();
    kept[p.id] = std::move(e);
  }
  evals_ = std::move(kept);
  Q_EMIT metricsChanged();
  scheduleDistances();
}

void MetricsModel::onDataChanged() {
  onOverlapChanged();
  scheduleProfile();
  scheduleMap();
  scheduleCurve();
  for (auto it = requested_.begin(); it != requested_.end();)
    it = viewer_.layer(it->first) ? std::next(it) : requested_.erase(it);
  // A threshold job whose GT or map was just replaced computes a result nobody can use.
  if (threshold_.busy() && thresholdKey(thresholdId_) != threshold_.latestKey()) {
    threshold_.cancel();
    requestThreshold(thresholdId_);
  }
  Q_EMIT thresholdChanged();
}

const PredictionEvaluation* MetricsModel::evaluation(int predictionId) const {
  auto it = evals_.find(predictionId);
  return it == evals_.end() ? nullptr : &it->second.eval;
}

bool MetricsModel::distancesReady(int predictionId) const {
  auto it = evals_.find(predictionId);
  return it != evals_.end() && it->second.distances;
}

void MetricsModel::scheduleDistances() {
  if (!conventions_.distances) return;
  const SegmentationLayer* gt = viewer_.groundTruth();
  // The active prediction first: it is the one on screen.
  std::vector<const SegmentationLayer*> order;
  if (const SegmentationLayer* a = viewer_.activePrediction()) order.push_back(a);
  for (const auto& p : viewer_.predictions())
    if (p.id != viewer_.activePredictionId()) order.push_back(&p);
  const SegmentationLayer* target = nullptr;
  for (const SegmentationLayer* p : order) {
    auto it = evals_.find(p->id);
    if (gt && it != evals_.end() && !it->second.distances && it->second.distanceError.empty()) {
      target = p;
      break;
    }
  }
  if (!target) {
    distances_.cancel();
    return;
  }
  const InputKey key =
      InputKey().object(gt->image).object(target->image).setting(int(conventions_.surface));
  auto a = gt->image, b = target->image;
  const int id = target->id;
  const std::string path = target->path.toStdString();
  LabelTable table = viewer_.labelTable();
  const int revision = viewer_.labelTableRevision();
  const EvalOptions options = evalOptions();
  distances_.request(
      key,
      [a, b, path, table, options, revision](Progress& token) {
        Evaluated e;
        e.gt = a;
        e.pred = b;
        e.tableRevision = revision;
        e.eval = evaluatePrediction(*a, *b, path, table, options, &token);
        e.distances = true;
        return e;
      },
      [this, id](Evaluated e) {
        const SegmentationLayer* gtNow = viewer_.groundTruth();
        const SegmentationLayer* p = viewer_.layer(id);
        if (gtNow && p && gtNow->image == e.gt && p->image == e.pred) {
          e.eval.counts = {};  // the viewer keeps its own copy; do not hold two
          refreshNames(e);  // the table may have changed while it ran
          evals_[id] = std::move(e);
          Q_EMIT metricsChanged();
        }
        scheduleDistances();
      },
      [this, id, a, b](const std::string& error) {
        auto it = evals_.find(id);
        if (it != evals_.end() && it->second.gt == a && it->second.pred == b)
          it->second.distanceError = error;
        Q_EMIT metricsChanged();
        scheduleDistances();  // the other predictions still get theirs
      });
}

std::vector<MetricsRow> MetricsModel::rows() const {
  std::vector<MetricsRow> out;
  const std::uint32_t selected = viewer_.selectedLabel();
  for (const auto& p : viewer_.predictions()) {
    auto it = evals_.find(p.id);
    if (it == evals_.end()) continue;
    const PredictionEvaluation& ev = it->second.eval;
    auto add = [&](const LabelMetrics& m, MetricsRow::Kind kind) {
      MetricsRow r;
      r.predictionId = p.id;
      r.prediction = p.name;
      r.kind = kind;
      r.label = kind == MetricsRow::Kind::Label ? m.label : 0;
      r.labelName = kind == MetricsRow::Kind::Label ? QString::fromStdString(m.name)
                                                    : QString::fromStdString(m.name);
      r.metrics = m;
      r.distancesPending = conventions_.distances && !it->second.distances &&
                           it->second.distanceError.empty() && kind != MetricsRow::Kind::Foreground;
      out.push_back(std::move(r));
    };
    switch (scope_) {
      case MetricsScope::SelectedLabel: {
        if (selected == 0) {
          add(ev.foreground, MetricsRow::Kind::Foreground);
          break;
        }
        auto m = std::find_if(ev.labels.begin(), ev.labels.end(),
                              [&](const LabelMetrics& l) { return l.label == selected; });
        if (m != ev.labels.end()) add(*m, MetricsRow::Kind::Label);
        else {
          // Absent from both images: the convention decides (Dice 1 or null), as in core.
          LabelMetrics empty = overlapMetrics(selected, BinaryCounts{}, 1.0, conventions_);
          empty.name = viewer_.labelName(selected).toStdString();
          add(empty, MetricsRow::Kind::Label);
        }
        break;
      }
      case MetricsScope::AllLabels:
        for (const auto& m : ev.labels) add(m, MetricsRow::Kind::Label);
        break;
      case MetricsScope::Mean: add(ev.mean, MetricsRow::Kind::Mean); break;
      case MetricsScope::Foreground: add(ev.foreground, MetricsRow::Kind::Foreground); break;
    }
  }
  return out;
}

namespace {

// Macro mean of `get` over the rows of `labels` (undefined values left out, as core's mean).
std::optional<double> meanOver(const std::vector<LabelMetrics>& rows, const std::set<std::uint32_t>& labels,
                               const std::function<std::optional<double>(const LabelMetrics&)>& get) {
  double sum = 0;
  int n = 0;
  for (const LabelMetrics& m : rows)
    if (labels.count(m.label))
      if (const auto v = get(m)) sum += *v, ++n;
  return n ? std::optional<double>(sum / n) : std::nullopt;
}

}  // namespace

std::vector<PredictionSummary> MetricsModel::summary() const {
  std::vector<PredictionSummary> out;
  // The labels every evaluated prediction scores.
  std::optional<std::set<std::uint32_t>> common;
  for (const auto& p : viewer_.predictions())
    if (const PredictionEvaluation* ev = evaluation(p.id)) {
      std::set<std::uint32_t> own;
      for (const LabelMetrics& m : ev->labels) own.insert(m.label);
      if (!common) common = own;
      else for (auto it = common->begin(); it != common->end();) it = own.count(*it) ? std::next(it) : common->erase(it);
    }
  const bool surfel = conventions_.surface == SurfaceDefinition::Surfel;
  for (const auto& p : viewer_.predictions()) {
    PredictionSummary s;
    s.predictionId = p.id;
    s.name = p.name;
    if (const PredictionEvaluation* ev = evaluation(p.id)) {
      s.restricted = common && common->size() < ev->labels.size();
      s.meanLabels = s.restricted ? common->size() : ev->meanCount;
      if (!s.restricted) {
        s.meanDice = ev->mean.dice;
        s.meanHd95 = surfel ? ev->mean.surfelHd95 : ev->mean.hd95;
      } else {
        s.meanDice = meanOver(ev->labels, *common, [](const LabelMetrics& m) { return m.dice; });
        s.meanHd95 = meanOver(ev->labels, *common, [surfel](const LabelMetrics& m) {
          return surfel ? m.surfelHd95 : m.hd95;
        });
      }
    }
    out.push_back(s);
  }
  // Best per column only when there is something to compare.
  auto mark = [&](auto get, auto better, auto set) {
    std::optional<double> best;
    int n = 0;
    for (const auto& s : out)
      if (auto v = get(s)) {
        ++n;
        if (!best || better(*v, *best)) best = v;
      }
    if (n < 2) return;
    for (auto& s : out)
      if (auto v = get(s); v && *v == *best) set(s);
  };
  mark([](const PredictionSummary& s) { return s.meanDice; }, std::greater<double>(),
       [](PredictionSummary& s) { s.bestDice = true; });
  mark([](const PredictionSummary& s) { return s.meanHd95; }, std::less<double>(),
       [](PredictionSummary& s) { s.bestHd95 = true; });
  return out;
}

void MetricsModel::selectRow(const MetricsRow& row) {
  if (viewer_.layer(row.predictionId)) viewer_.setActivePrediction(row.predictionId);
  if (row.label != 0) viewer_.focusLabel(row.label);
}

// --- Profile ----------------------------------------------------------------------------------

void MetricsModel::setProfileAxis(ViewAxis axis) {
  if (axis == profileAxis_) return;
  profileAxis_ = axis;
  lastSlice_ = currentProfileSlice();
  scheduleProfile();
  Q_EMIT profileChanged();
  Q_EMIT currentSliceChanged();
}

void MetricsModel::setProfileMetric(ProfileMetric metric) {
  if (metric == profileMetric_) return;
  profileMetric_ = metric;
  Q_EMIT profileChanged();
}

int MetricsModel::profileSliceCount() const {
  const Geometry* g = viewer_.referenceGeometry();
  return g ? makeSliceGrid(*g, profileAxis_, viewer_.convention()).sliceCount : 0;
}

int MetricsModel::currentProfileSlice() const {
  const Geometry* g = viewer_.referenceGeometry();
  if (!g) return -1;
  return makeSliceGrid(*g, profileAxis_, viewer_.convention()).sliceOf(viewer_.crosshair());
}

void MetricsModel::goToSlice(int slice) {
  const Geometry* g = viewer_.referenceGeometry();
  if (!g) return;
  const SliceGrid grid = makeSliceGrid(*g, profileAxis_, viewer_.convention());
  const int k = std::clamp(slice, 0, grid.sliceCount - 1);
  const Vec3 c = grid.fromPhysical(viewer_.crosshair());
  viewer_.setCrosshair(grid.toPhysical(c[0], c[1], grid.sliceDepth(k)));
}

std::vector<int> MetricsModel::viewToIndexSlices(int* indexAxis) const {
  const SegmentationLayer* gt = viewer_.groundTruth();
  const Geometry* ref = viewer_.referenceGeometry();
  if (!gt || !ref) return {};
  const Geometry& g = gt->image->geometry;
  const SliceGrid grid = makeSliceGrid(*ref, profileAxis_, viewer_.convention());
  // The index axis that runs through the view's slices (views slice in patient space).
  int axis = 0;
  for (int c = 1; c < 3; ++c)
    if (std::abs(dot(directionColumn(g, c), grid.axes.normal)) >
        std::abs(dot(directionColumn(g, axis), grid.axes.normal)))
      axis = c;
  *indexAxis = axis;
  std::vector<int> map(std::size_t(grid.sliceCount));
  const double cx = grid.x0 + (grid.width - 1) * grid.dx / 2;
  const double cy = grid.y0 + (grid.height - 1) * grid.dy / 2;
  for (int k = 0; k < grid.sliceCount; ++k) {
    const auto idx = g.physicalToIndex(grid.toPhysical(cx, cy, grid.sliceDepth(k)));
    map[std::size_t(k)] = int(std::clamp<long>(std::lround(idx[std::size_t(axis)]), 0,
                                               long(g.size[std::size_t(axis)]) - 1));
  }
  return map;
}

void MetricsModel::scheduleProfile() {
  const SegmentationLayer* gt = viewer_.groundTruth();
  const std::uint32_t label = viewer_.selectedLabel();
  int axis = 2;
  const std::vector<int> order = viewToIndexSlices(&axis);
  struct Input {
    int id;
    QString name;
    std::shared_ptr<const LabelImage> image;
  };
  std::vector<Input> inputs;
  InputKey key;
  key.object(gt ? gt->image : nullptr)
      .setting(label)
      .setting(int(profileAxis_))
      .setting(int(viewer_.convention()));
  if (gt)
    for (const auto& p : viewer_.predictions())
      if (!compareGeometry(gt->image->geometry, p.image->geometry)) {
        inputs.push_back({p.id, p.name, p.image});
        key.object(p.image);
      }
  if (key == profile_.latestKey()) return;  // asked already (running, shown, or failed)
  if (!gt || label == 0 || inputs.empty() || order.empty()) {
    profile_.settle(key);
    profiles_.clear();
    profileLabel_ = label;
    Q_EMIT profileChanged();
    return;
  }
  auto ref = gt->image;
  profile_.request(
      key,
      [ref, inputs, label, axis, order](Progress& token) {
        std::vector<PredictionProfile> out;
        for (const Input& in : inputs) {
          const auto counts = sliceProfile(*ref, *in.image, label, axis, &token);
          PredictionProfile p;
          p.predictionId = in.id;
          p.name = in.name;
          p.slices.reserve(order.size());
          for (int s : order) p.slices.push_back(counts[std::size_t(s)]);
          out.push_back(std::move(p));
        }
        return out;
      },
      [this, label](std::vector<PredictionProfile> result) {
        profiles_ = std::move(result);
        profileLabel_ = label;
        Q_EMIT profileChanged();
      });
}

std::optional<double> MetricsModel::sliceValue(const SliceLabelCounts& c, ProfileMetric metric) {
  if (c.ref == 0 && c.pred == 0) return std::nullopt;  // a gap, not a perfect or a zero score
  const BinaryCounts b{c.tp, c.pred - c.tp, c.ref - c.tp, 0};
  const LabelMetrics m = overlapMetrics(1, b, 1.0, Conventions{});
  switch (metric) {
    case ProfileMetric::Dice: return m.dice;
    case ProfileMetric::Jaccard: return m.jaccard;
    case ProfileMetric::F1: return m.f1;
    case ProfileMetric::Counts: return double(c.tp);
  }
  return std::nullopt;
}

std::vector<WorstSlice> MetricsModel::worstSlices(std::size_t count) const {
  std::vector<WorstSlice> all;
  for (const auto& p : profiles_) {
    // A prediction that never contains the label scores 0 on every slice of it: those rows
    // would flood the list and say one thing (absentPredictions() says it once).
    if (absentEverywhere(p)) continue;
    for (std::size_t k = 0; k < p.slices.size(); ++k)
      if (auto d = sliceValue(p.slices[k], ProfileMetric::Dice))
        all.push_back({int(k), p.predictionId, *d});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const WorstSlice& a, const WorstSlice& b) { return a.dice < b.dice; });
  if (all.size() > count) all.resize(count);
  return all;
}

bool MetricsModel::absentEverywhere(const PredictionProfile& p) {
  return std::all_of(p.slices.begin(), p.slices.end(),
                     [](const SliceLabelCounts& c) { return c.pred == 0; });
}

std::vector<int> MetricsModel::absentPredictions() const {
  std::vector<int> out;
  for (const auto& p : profiles_)
    if (absentEverywhere(p)) out.push_back(p.predictionId);
  return out;
}

void MetricsModel::goToWorstSlice(const WorstSlice& w) {
  // The slice is that model's worst: show that model, not the one that happened to be active.
  if (viewer_.layer(w.predictionId)) viewer_.setActivePrediction(w.predictionId);
  goToSlice(w.slice);
}

// --- Local map --------------------------------------------------------------------------------

void MetricsModel::setLocalMapEnabled(bool on) {
  if (on == mapEnabled_) return;
  mapEnabled_ = on;
  scheduleMap();
  Q_EMIT localMapChanged();
}

void MetricsModel::setLocalMetric(LocalMetric metric) {
  if (metric == mapMetric_) return;
  mapMetric_ = metric;
  scheduleMap();
  Q_EMIT localMapChanged();
}

void MetricsModel::setLocalWindowMm(double mm) {
  mm = std::clamp(mm, kLocalWindowMinMm, kLocalWindowMaxMm);
  if (mm == mapWindowMm_) return;
  mapWindowMm_ = mm;
  scheduleMap();
  Q_EMIT localMapChanged();
}

void MetricsModel::scheduleMap() {
  const SegmentationLayer* gt = viewer_.groundTruth();
  const SegmentationLayer* pred = viewer_.activePrediction();
  const std::uint32_t label = viewer_.selectedLabel();
  const bool possible = mapEnabled_ && gt && pred && label != 0 &&
                        !compareGeometry(gt->image->geometry, pred->image->geometry);
  if (!possible) {
    map_.cancel();
    viewer_.setMetricMap(nullptr, QString());
    return;
  }
  InputKey key;
  key.object(gt->image).object(pred->image).setting(label).setting(int(mapMetric_)).setting(mapWindowMm_);
  if (key == map_.latestKey()) return;  // asked already (running, shown, or failed)
  auto a = gt->image, b = pred->image;
  const LocalMetric metric = mapMetric_;
  const double window = mapWindowMm_;
  const QString name = QString("local %1 (%2 mm)").arg(localMetricName(metric)).arg(window);
  map_.request(
      key,
      [a, b, label, metric, window](Progress& token) {
        return std::shared_ptr<const WindowedMap>(
            std::make_shared<WindowedMap>(windowedMap(*a, *b, label, metric, window, &token)));
      },
      [this, name](std::shared_ptr<const WindowedMap> map) { viewer_.setMetricMap(map, name); });
}

std::optional<double> MetricsModel::localValueAt(const Vec3& p) const {
  auto map = viewer_.metricMap();
  if (!map) return std::nullopt;
  const Geometry& g = map->geometry;
  const auto idx = g.physicalToIndex(p);
  std::size_t ijk[3];
  for (int c = 0; c < 3; ++c) {
    const long v = std::lround(idx[std::size_t(c)]);
    if (v < 0 || v >= long(g.size[std::size_t(c)])) return std::nullopt;
    ijk[c] = std::size_t(v);
  }
  const float v = map->values[g.linearIndex(ijk[0], ijk[1], ijk[2])];
  if (std::isnan(v)) return std::nullopt;
  return double(v);
}

// --- Thresholding -----------------------------------------------------------------------------

int MetricsModel::thresholdPrediction() const {
  const SegmentationLayer* a = viewer_.activePrediction();
  if (a && a->image->isProbabilityMap()) return a->id;
  for (const auto& p : viewer_.predictions())
    if (p.image->isProbabilityMap()) return p.id;
  return 0;
}

std::optional<double> MetricsModel::requestedThreshold(int predictionId) const {
  auto it = requested_.find(predictionId);
  if (it == requested_.end()) return std::nullopt;
  return it->second;
}

double MetricsModel::appliedThreshold(int predictionId) const {
  const SegmentationLayer* l = viewer_.layer(predictionId);
  return l && l->image->isProbabilityMap() ? l->image->threshold : 0.5;
}

void MetricsModel::setThreshold(int predictionId, double threshold) {
  const SegmentationLayer* l = viewer_.layer(predictionId);
  if (!l || !l->image->isProbabilityMap()) return;
  threshold = std::clamp(threshold, kThresholdMin, kThresholdMax);
  auto it = requested_.find(predictionId);
  if (it != requested_.end() && it->second == threshold) return;
  requested_[predictionId] = threshold;
  Q_EMIT thresholdChanged();
  requestThreshold(predictionId);
}

InputKey MetricsModel::thresholdKey(int predictionId) const {
  // Everything a threshold job reads: the probability map's current image (its source and the
  // layer it replaces), the GT its counts are against, and the threshold.
  const SegmentationLayer* l = viewer_.layer(predictionId);
  const SegmentationLayer* gt = viewer_.groundTruth();
  auto it = requested_.find(predictionId);
  if (!l || it == requested_.end()) return {};
  return InputKey()
      .object(l->image)
      .object(gt ? gt->image : nullptr)
      .setting(predictionId)
      .setting(it->second);
}

void MetricsModel::requestThreshold(int predictionId) {
  const SegmentationLayer* l = viewer_.layer(predictionId);
  auto req = requested_.find(predictionId);
  if (!l || !l->image->isProbabilityMap() || req == requested_.end()) return;
  const double threshold = req->second;
  const LabelImage& current = *l->image;
  if (current.threshold == threshold) {
    threshold_.cancel();  // back to what is shown: nothing to compute
    return;
  }
  const InputKey key = thresholdKey(predictionId);
  thresholdId_ = predictionId;
  const SegmentationLayer* gt = viewer_.groundTruth();
  std::shared_ptr<const LabelImage> ref;
  if (gt && !compareGeometry(gt->image->geometry, current.geometry)) ref = gt->image;
  const Geometry g = current.geometry;
  auto probabilities = current.probabilities;
  const std::uint32_t label = current.probabilityLabel;
  auto hook = thresholdHook_;
  threshold_.request(
      key,
      [ref, g, probabilities, label, threshold, predictionId, hook](Progress& token) {
        Thresholded out;
        out.id = predictionId;
        out.image = std::make_shared<const LabelImage>(
            LabelImage::fromProbabilities(g, probabilities, threshold, label));
        if (hook) hook();
        checkCancelled(&token);
        if (ref) out.counts = std::make_shared<const OverlapCounts>(
                     computeOverlap(*ref, *out.image, &token));
        return out;
      },
      [this, key](Thresholded t) {
        // Computed from inputs that are no longer loaded (the GT or the map was replaced while
        // it ran): drop it and threshold what is loaded now.
        if (key != thresholdKey(t.id)) return requestThreshold(t.id);
        viewer_.replacePrediction(t.id, t.image, t.counts);
      });
}

const ThresholdCurve* MetricsModel::thresholdCurve(int predictionId) const {
  auto it = curves_.find(predictionId);
  if (it == curves_.end()) return nullptr;
  const SegmentationLayer* gt = viewer_.groundTruth();
  const SegmentationLayer* p = viewer_.layer(predictionId);
  if (!gt || !p || gt->image != it->second.gt ||
      p->image->probabilities != it->second.probabilities)
    return nullptr;
  return &it->second.curve;
}

void MetricsModel::scheduleCurve() {
  const int id = thresholdPrediction();
  const SegmentationLayer* gt = viewer_.groundTruth();
  if (!id || !gt || thresholdCurve(id)) return;
  const SegmentationLayer* p = viewer_.layer(id);
  if (compareGeometry(gt->image->geometry, p->image->geometry)) return;
  const InputKey key = InputKey().object(gt->image).object(p->image->probabilities);
  CurveEntry entry{gt->image, p->image->probabilities, {}};
  const std::uint32_t label = p->image->probabilityLabel;
  curve_.request(
      key,
      [entry, label](Progress& token) {
        checkCancelled(&token);
        return diceThresholdCurve(*entry.gt, label, *entry.probabilities, 100);
      },
      [this, entry, id](ThresholdCurve curve) mutable {
        entry.curve = std::move(curve);
        curves_[id] = std::move(entry);
        Q_EMIT thresholdChanged();
      });
}

// --- Jobs -------------------------------------------------------------------------------------

bool MetricsModel::busy() const {
  return distances_.busy() || profile_.busy() || map_.busy() || threshold_.busy() ||
         curve_.busy();
}

QString MetricsModel::jobText() const {
  QStringList parts;
  auto add = [&](const JobState& s, const QString& name) {
    if (!s.running) return;
    parts << (s.progress > 0 ? QString("%1 %2%").arg(name).arg(int(s.progress * 100)) : name);
  };
  add(threshold_.state(), tr("thresholding"));
  add(distances_.state(), tr("surface distances"));
  add(profile_.state(), tr("slice profile"));
  add(map_.state(), tr("local map"));
  add(curve_.state(), tr("threshold curve"));
  QString text = parts.isEmpty() ? QString() : tr("Computing ") + parts.join(", ");
  const QString error = jobError();
  if (!error.isEmpty()) text += (text.isEmpty() ? QString() : QString("; ")) + error;
  return text;
}

QString MetricsModel::jobError() const {
  // Distance failures are kept per prediction (the other predictions go on); the other slots
  // keep their own last failure until their inputs change.
  for (const auto& p : viewer_.predictions()) {
    auto it = evals_.find(p.id);
    if (it != evals_.end() && !it->second.distanceError.empty())
      return tr("surface distances of %1 failed: %2")
          .arg(p.name, QString::fromStdString(it->second.distanceError));
  }
  const std::pair<const JobState, QString> slots[] = {
      {threshold_.state(), tr("thresholding")}, {profile_.state(), tr("slice profile")},
      {map_.state(), tr("local map")}, {curve_.state(), tr("threshold curve")}};
  for (const auto& [state, name] : slots)
    if (!state.error.empty())
      return tr("%1 failed: %2").arg(name, QString::fromStdString(state.error));
  return {};
}

void MetricsModel::jobStateChanged() { Q_EMIT jobsChanged(); }

}  // namespace seglens
