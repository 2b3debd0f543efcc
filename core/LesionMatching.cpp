#include "LesionMatching.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>

#include "SurfaceDistance.h"
#include "SurfelSurface.h"

namespace seglens {
namespace {

// One side's lesions: the mask's runs, an id (1..count) per run and each id's summary.
struct Lesions {
  const RunMask* mask = nullptr;
  std::vector<std::uint32_t> runIds;
  ConnectedComponents::Grouping groups;
  std::size_t count() const { return groups.components.size(); }
  std::uint64_t voxels(std::uint32_t id) const { return groups.components[id - 1].voxels; }
};

Lesions lesionsOf(const ConnectedComponents& cc) {
  return {&cc.mask(), cc.runComponent(), cc.groups()};
}

// Voxels shared by reference lesion `ref` and predicted component `pred`, for every pair that
// shares any; sorted by (ref, pred).
struct Shared {
  std::uint32_t ref, pred;
  std::uint64_t voxels;
};

std::vector<Shared> sharedVoxels(const RunMask& a, const std::vector<std::uint32_t>& aIds,
                                 const RunMask& b, const std::vector<std::uint32_t>& bIds) {
  std::vector<Shared> out;
  forEachOverlap(a, b, [&](std::size_t i, std::size_t j, std::uint64_t n) {
    out.push_back({aIds[i], bIds[j], n});
  });
  std::sort(out.begin(), out.end(), [](const Shared& x, const Shared& y) {
    return x.ref != y.ref ? x.ref < y.ref : x.pred < y.pred;
  });
  std::vector<Shared> merged;
  for (const Shared& s : out) {
    if (!merged.empty() && merged.back().ref == s.ref && merged.back().pred == s.pred)
      merged.back().voxels += s.voxels;
    else
      merged.push_back(s);
  }
  return merged;
}

// A reference lesion and the union of its matched predicted components.
struct Pair {
  std::uint32_t ref = 0;
  std::vector<std::uint32_t> preds;
  std::uint64_t shared = 0, predVoxels = 0;
  std::optional<double> hd95;
  double dice(std::uint64_t refVoxels) const {
    return 2.0 * double(shared) / double(refVoxels + predVoxels);
  }
  double iou(std::uint64_t refVoxels) const {
    return double(shared) / double(refVoxels + predVoxels - shared);
  }
};

LesionItem makeItem(const Geometry& g, const Lesions& side, bool reference, std::uint32_t id) {
  const ConnectedComponents::Component& c = side.groups.components[id - 1];
  LesionItem item;
  item.reference = reference;
  item.id = id;
  item.voxels = c.voxels;
  item.volumeMm3 = double(c.voxels) * g.voxelVolume();
  const double n = double(c.voxels);
  // The grid map is affine, so the mean of the voxel centres is the centre of the mean index.
  item.centroidMm = g.indexToPhysical(c.indexSum[0] / n, c.indexSum[1] / n, c.indexSum[2] / n);
  item.box = c.box;
  return item;
}

// Byte masks of one reference lesion and a set of predicted components, cropped to the box of
// both (nothing of either lies outside it, so both surface definitions give what they give on
// the whole image).
struct CroppedPair {
  Geometry grid;
  std::vector<std::uint8_t> ref, pred;
};

void paint(const Lesions& side, std::uint32_t id, const IndexBox& box, const Geometry& crop,
           std::vector<std::uint8_t>& out) {
  const std::size_t ny = side.mask->size[1];
  for (std::size_t q = side.groups.offsets[id - 1]; q < side.groups.offsets[id]; ++q) {
    const Run& r = side.mask->runs[side.groups.runs[q]];
    const std::size_t j = r.row % ny - box.lo[1], k = r.row / ny - box.lo[2];
    const std::size_t at = crop.linearIndex(r.begin - box.lo[0], j, k);
    std::fill(out.begin() + std::ptrdiff_t(at), out.begin() + std::ptrdiff_t(at + r.length()), 1);
  }
}

CroppedPair crop(const Geometry& g, const Lesions& ref, const Lesions& pred, const Pair& p) {
  IndexBox box = ref.groups.components[p.ref - 1].box;
  for (std::uint32_t id : p.preds) box.add(pred.groups.components[id - 1].box);
  CroppedPair c;
  c.grid = g;
  for (int a = 0; a < 3; ++a) c.grid.size[a] = box.hi[a] - box.lo[a] + 1;
  c.grid.origin = g.indexToPhysical(double(box.lo[0]), double(box.lo[1]), double(box.lo[2]));
  c.ref.assign(c.grid.voxelCount(), 0);
  c.pred.assign(c.grid.voxelCount(), 0);
  paint(ref, p.ref, box, c.grid, c.ref);
  for (std::uint32_t id : p.preds) paint(pred, id, box, c.grid, c.pred);
  return c;
}

// The pairs' HD95 in parallel (each on its own crop). Surfel: the DeepMind definition with the
// percentile of `conventions` (brats passes 95); otherwise the voxel surface's HD95 as `eval`.
void pairDistances(const Geometry& g, const Lesions& ref, const Lesions& pred,
                   const Conventions& conventions, bool surfel, std::vector<Pair>& pairs) {
  tbb::parallel_for(std::size_t(0), pairs.size(), [&](std::size_t i) {
    const CroppedPair c = crop(g, ref, pred, pairs[i]);
    LabelMetrics m;
    if (surfel) {
      summariseSurfels(SurfelDistances::compute(c.grid, c.ref.data(), c.pred.data()), conventions, m);
      pairs[i].hd95 = m.surfelHd95;
    } else {
      const SurfaceDistance d = SurfaceDistance::compute(c.grid, c.ref.data(), c.pred.data());
      summariseSurfaceDistance(d, conventions, c.grid, m);
      pairs[i].hd95 = m.hd95;
    }
  });
}

std::optional<double> ratio(double num, double den) {
  if (den == 0) return std::nullopt;
  return num / den;
}

// The counts' scores, the pairs' sums and the items' own terms.
void score(LesionResult& r, const std::vector<Pair>& pairs, const Lesions& ref,
           bool distances, double miss) {
  double dice = 0, hd95 = 0, iou = 0;
  bool hd95Known = distances;
  for (const Pair& p : pairs) {
    dice += p.dice(ref.voxels(p.ref));
    iou += p.iou(ref.voxels(p.ref));
    if (p.hd95) hd95 += *p.hd95;
    else hd95Known = false;  // a pair without a distance leaves the mean undefined
  }
  const double tp = double(r.tp), fp = double(r.fp), fn = double(r.fn), n = tp + fp + fn;
  r.precision = ratio(tp, tp + fp);
  r.recall = ratio(tp, tp + fn);
  if (n == 0) {
    r.f1 = r.rq = r.sq = r.pq = r.lesionDice = 1.0;
    r.lesionHd95 = 0.0;
    if (!distances) r.lesionHd95.reset();
    return;
  }
  r.f1 = r.rq = 2 * tp / (2 * tp + fp + fn);
  if (r.tp > 0) r.sq = iou / double(pairs.size());
  r.pq = r.sq ? *r.sq * *r.rq : 0.0;
  r.lesionDice = dice / n;
  if (hd95Known) r.lesionHd95 = (hd95 + miss * (fn + fp)) / n;
}

// Fills the items' own terms: matched reference lesions their pair's, missed lesions and false
// positives 0 and M; matched predictions and ignored items stay null.
void pairTerms(LesionResult& r, const std::vector<Pair>& pairs, const Lesions& ref,
               bool distances, double miss) {
  for (LesionItem& item : r.items) {
    if (item.kind != LesionKind::Fn && item.kind != LesionKind::Fp) continue;
    item.dice = 0.0;  // a missed lesion or a false positive scores 0 and M
    if (distances) item.hd95 = miss;
  }
  for (const Pair& p : pairs) {
    LesionItem& item = r.items[p.ref - 1];
    item.dice = p.dice(ref.voxels(p.ref));
    item.hd95 = p.hd95;
  }
}

void finish(LesionResult& r, const Geometry& g, std::vector<Pair>& pairs, const Lesions& ref,
            const Lesions& pred, const Conventions& c, bool surfel) {
  const LesionOptions o = c.lesions.value_or(LesionOptions{});
  if (c.distances) pairDistances(g, ref, pred, c, surfel, pairs);
  pairTerms(r, pairs, ref, c.distances, o.missHd95);
  score(r, pairs, ref, c.distances, o.missHd95);
}

void addItems(LesionResult& r, const Geometry& g, const Lesions& side, bool reference) {
  for (std::uint32_t id = 1; id <= side.count(); ++id) r.items.push_back(makeItem(g, side, reference, id));
}

LesionItem& predItem(LesionResult& r, std::size_t refCount, std::uint32_t id) {
  return r.items[refCount + id - 1];
}

// True when IoU = shared / union passes the threshold, on exact counts (0.5 of 2 voxels is
// exactly 0.5: fails strict, passes inclusive).
bool passes(std::uint64_t shared, std::uint64_t uni, const LesionOptions& o) {
  const double lhs = double(shared), rhs = o.iouThreshold * double(uni);
  return o.iouInclusive ? lhs >= rhs : lhs > rhs;
}

// iou mode: greedy one-to-one by descending IoU, ties to the lower reference id, then the
// lower predicted id. IoUs compare as exact fractions.
LesionResult matchIou(const Geometry& g, const Lesions& ref, const Lesions& pred,
                      const Conventions& c) {
  const LesionOptions o = c.lesions.value_or(LesionOptions{});
  struct Candidate {
    Shared s;
    std::uint64_t uni;
  };
  std::vector<Candidate> cand;
  for (const Shared& s : sharedVoxels(*ref.mask, ref.runIds, *pred.mask, pred.runIds)) {
    const std::uint64_t uni = ref.voxels(s.ref) + pred.voxels(s.pred) - s.voxels;
    if (passes(s.voxels, uni, o)) cand.push_back({s, uni});
  }
  std::sort(cand.begin(), cand.end(), [](const Candidate& a, const Candidate& b) {
    const unsigned __int128 x = (unsigned __int128)a.s.voxels * b.uni,
                            y = (unsigned __int128)b.s.voxels * a.uni;
    if (x != y) return x > y;
    return a.s.ref != b.s.ref ? a.s.ref < b.s.ref : a.s.pred < b.s.pred;
  });
  LesionResult r;
  addItems(r, g, ref, true);
  addItems(r, g, pred, false);
  std::vector<Pair> pairs;
  for (const Candidate& k : cand) {
    LesionItem& a = r.items[k.s.ref - 1];
    LesionItem& b = predItem(r, ref.count(), k.s.pred);
    if (!a.matched.empty() || !b.matched.empty()) continue;
    a.matched = {k.s.pred};
    b.matched = {k.s.ref};
    a.kind = b.kind = LesionKind::Tp;
    pairs.push_back({k.s.ref, {k.s.pred}, k.s.voxels, pred.voxels(k.s.pred), {}});
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) { return x.ref < y.ref; });
  for (LesionItem& item : r.items)
    if (item.kind != LesionKind::Tp) item.kind = item.reference ? LesionKind::Fn : LesionKind::Fp;
  r.tp = pairs.size();
  r.fn = ref.count() - r.tp;
  r.fp = pred.count() - r.tp;
  finish(r, g, pairs, ref, pred, c, c.surface == SurfaceDefinition::Surfel);
  return r;
}

// overlap mode: a reference lesion is detected when any predicted voxel overlaps it, a
// predicted component is a true positive when it overlaps any reference lesion; a pair is the
// lesion and every whole component overlapping it.
LesionResult matchOverlap(const Geometry& g, const Lesions& ref, const Lesions& pred,
                          const Conventions& c) {
  LesionResult r;
  addItems(r, g, ref, true);
  addItems(r, g, pred, false);
  std::vector<Pair> pairs;
  for (const Shared& s : sharedVoxels(*ref.mask, ref.runIds, *pred.mask, pred.runIds)) {
    if (pairs.empty() || pairs.back().ref != s.ref) pairs.push_back({s.ref, {}, 0, 0, {}});
    Pair& p = pairs.back();
    p.preds.push_back(s.pred);
    p.shared += s.voxels;
    p.predVoxels += pred.voxels(s.pred);
    r.items[s.ref - 1].matched.push_back(s.pred);
    predItem(r, ref.count(), s.pred).matched.push_back(s.ref);
  }
  for (LesionItem& item : r.items) {
    std::sort(item.matched.begin(), item.matched.end());
    const bool hit = !item.matched.empty();
    item.kind = hit ? LesionKind::Tp : (item.reference ? LesionKind::Fn : LesionKind::Fp);
    if (!item.reference && !hit) ++r.fp;
  }
  r.tp = pairs.size();
  r.fn = ref.count() - r.tp;
  finish(r, g, pairs, ref, pred, c, c.surface == SurfaceDefinition::Surfel);
  return r;
}

// brats mode (BraTS 2023 scorer): reference components merged when their dilations touch; each
// merged lesion L is matched by every predicted component touching L dilated; small lesions
// are ignored, and so is a component that touches ignored lesions only.
LesionResult matchBrats(const Geometry& g, const RunMask& reference,
                        const ConnectedComponents& pcc, const Conventions& c) {
  const LesionOptions o = c.lesions.value_or(LesionOptions{});
  // The dilation of each merged lesion is one component of the dilated mask (every voxel's
  // dilation is connected), so "L dilated" is that component.
  const ConnectedComponents dcc(reference.dilated(o.dilation), o.connectivity);
  const RunMask& dilated = dcc.mask();
  // Merged ids in the order of each lesion's first reference voxel (not its dilation's).
  std::vector<std::uint32_t> mergedOf(dcc.count() + 1, 0), refIds(reference.runs.size(), 0);
  std::uint32_t merged = 0;
  forEachOverlap(reference, dilated, [&](std::size_t i, std::size_t j, std::uint64_t) {
    std::uint32_t& m = mergedOf[dcc.runComponent()[j]];
    if (m == 0) m = ++merged;
    refIds[i] = m;
  });
  std::vector<std::uint32_t> dilatedIds(dilated.runs.size());
  for (std::size_t j = 0; j < dilated.runs.size(); ++j) dilatedIds[j] = mergedOf[dcc.runComponent()[j]];
  Lesions ref{&reference, refIds, ConnectedComponents::group(reference, refIds, merged)};
  const Lesions pred = lesionsOf(pcc);

  LesionResult r;
  addItems(r, g, ref, true);
  addItems(r, g, pred, false);
  for (LesionItem& item : r.items)
    if (item.reference && item.volumeMm3 <= o.minVolumeMm3) item.kind = LesionKind::Ignored;
  for (const Shared& t : sharedVoxels(dilated, dilatedIds, *pred.mask, pred.runIds)) {
    r.items[t.ref - 1].matched.push_back(t.pred);
    predItem(r, ref.count(), t.pred).matched.push_back(t.ref);
  }
  const std::vector<Shared> shared = sharedVoxels(reference, refIds, *pred.mask, pred.runIds);
  std::vector<Pair> pairs;
  for (LesionItem& item : r.items) {
    if (!item.reference) {
      bool real = false;
      for (std::uint32_t l : item.matched) real = real || r.items[l - 1].kind != LesionKind::Ignored;
      item.kind = item.matched.empty() ? LesionKind::Fp : real ? LesionKind::Tp : LesionKind::Ignored;
      if (item.kind == LesionKind::Fp) ++r.fp;
      if (item.kind == LesionKind::Ignored) ++r.ignoredPrediction;
      continue;
    }
    if (item.kind == LesionKind::Ignored) continue;
    item.kind = item.matched.empty() ? LesionKind::Fn : LesionKind::Tp;
    if (item.matched.empty()) continue;
    Pair p{item.id, item.matched, 0, 0, {}};
    for (std::uint32_t id : item.matched) p.predVoxels += pred.voxels(id);
    auto it = std::lower_bound(shared.begin(), shared.end(), item.id,
                               [](const Shared& s, std::uint32_t id) { return s.ref < id; });
    for (; it != shared.end() && it->ref == item.id; ++it) p.shared += it->voxels;
    pairs.push_back(std::move(p));
  }
  r.tp = pairs.size();  // on the reference side, as every count
  r.ignoredReference = 0;
  for (std::size_t i = 0; i < ref.count(); ++i)
    if (r.items[i].kind == LesionKind::Ignored) ++r.ignoredReference;
  r.fn = ref.count() - r.ignoredReference - r.tp;
  Conventions at95 = c;
  at95.percentile = 95.0;  // the scorer's robust HD95, whatever --percentile says
  finish(r, g, pairs, ref, pred, at95, true);
  return r;
}

}  // namespace

const char* lesionKindName(LesionKind kind) {
  switch (kind) {
    case LesionKind::Tp: return "tp";
    case LesionKind::Fp: return "fp";
    case LesionKind::Fn: return "fn";
    default: return "ignored";
  }
}

const char* lesionMatchName(LesionMatch match) {
  switch (match) {
    case LesionMatch::Overlap: return "overlap";
    case LesionMatch::Brats: return "brats";
    default: return "iou";
  }
}

LesionResult evaluateLesions(const Geometry& g, const RunMask& reference, const RunMask& prediction,
                             const Conventions& c) {
  if (reference.size != prediction.size || reference.size != g.size)
    throw std::invalid_argument("evaluateLesions: the images differ in size");
  const LesionOptions o = c.lesions.value_or(LesionOptions{});
  const ConnectedComponents pcc(prediction, o.connectivity);
  if (o.match == LesionMatch::Brats) return matchBrats(g, reference, pcc, c);
  const ConnectedComponents rcc(reference, o.connectivity);
  if (o.match == LesionMatch::Overlap) return matchOverlap(g, lesionsOf(rcc), lesionsOf(pcc), c);
  return matchIou(g, lesionsOf(rcc), lesionsOf(pcc), c);
}

LesionResult evaluateLesions(const LabelImage& reference, const LabelImage& prediction,
                             const std::vector<std::uint32_t>& labels, const Conventions& c) {
  if (reference.geometry.size != prediction.geometry.size)
    throw std::invalid_argument("evaluateLesions: the images differ in size");
  return evaluateLesions(reference.geometry, RunMask::fromImage(reference, labels),
                         RunMask::fromImage(prediction, labels), c);
}

}  // namespace seglens
