#include <gtest/gtest.h>
#include <itkDirectedHausdorffDistanceImageFilter.h>
#include <itkHausdorffDistanceImageFilter.h>
#include <itkImage.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "SurfaceDistance.h"
#include "TestVolumes.h"

namespace seglens {
namespace {

using Mask = std::vector<std::uint8_t>;

// ---- Brute-force reference: the definitions, written out as plainly as possible. ----

std::array<long, 3> coords(const Geometry& g, std::size_t i) {
  return {long(i % g.size[0]), long(i / g.size[0] % g.size[1]), long(i / (g.size[0] * g.size[1]))};
}

std::vector<std::size_t> bruteSurface(const Geometry& g, const Mask& m) {
  std::vector<std::size_t> s;
  const long n[3] = {long(g.size[0]), long(g.size[1]), long(g.size[2])};
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!m[i]) continue;
    const auto c = coords(g, i);
    bool surface = false;
    for (int a = 0; a < 3 && !surface; ++a)
      for (int step : {-1, 1}) {
        auto q = c;
        q[a] += step;
        if (q[a] < 0 || q[a] >= n[a] || !m[g.linearIndex(q[0], q[1], q[2])]) surface = true;
      }
    if (surface) s.push_back(i);
  }
  return s;
}

std::vector<double> bruteDirected(const Geometry& g, const std::vector<std::size_t>& from,
                                  const std::vector<std::size_t>& to) {
  std::vector<double> d;
  for (std::size_t a : from) {
    const auto ca = coords(g, a);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t b : to) {
      const auto cb = coords(g, b);
      const double dx = double(ca[0] - cb[0]) * g.spacing[0];
      const double dy = double(ca[1] - cb[1]) * g.spacing[1];
      const double dz = double(ca[2] - cb[2]) * g.spacing[2];
      best = std::min(best, std::sqrt(dx * dx + dy * dy + dz * dz));
    }
    d.push_back(best);
  }
  return d;
}

// numpy.percentile(values, p) with the default linear method, by sorting.
double brutePercentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = double(v.size() - 1) * p / 100.0;
  const std::size_t lo = std::size_t(std::floor(h)), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - double(lo)) * (v[hi] - v[lo]);
}

struct Expected {
  double hd, hd95max, hd95pooled, hd95mean, assd, masd;
  std::map<double, double> nsd;
};

Expected bruteMetrics(const std::vector<double>& ab, const std::vector<double>& ba, double p,
                      const std::vector<double>& tolerances) {
  Expected e{};
  double sa = 0, sb = 0;
  for (double v : ab) sa += v;
  for (double v : ba) sb += v;
  e.hd = std::max(*std::max_element(ab.begin(), ab.end()), *std::max_element(ba.begin(), ba.end()));
  const double pa = brutePercentile(ab, p), pb = brutePercentile(ba, p);
  e.hd95max = std::max(pa, pb);
  e.hd95mean = (pa + pb) / 2;
  std::vector<double> pooled = ab;
  pooled.insert(pooled.end(), ba.begin(), ba.end());
  e.hd95pooled = brutePercentile(pooled, p);
  e.assd = (sa + sb) / double(ab.size() + ba.size());
  e.masd = (sa / double(ab.size()) + sb / double(ba.size())) / 2;
  for (double t : tolerances) {
    double within = 0;
    for (double v : pooled) within += v <= t ? 1 : 0;
    e.nsd[t] = within / double(pooled.size());
  }
  return e;
}

// ---- Volumes ----

Mask ball(const Geometry& g, std::array<double, 3> centreMm, double radiusMm) {
  Mask m(g.voxelCount(), 0);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const auto c = coords(g, i);
    double r2 = 0;
    for (int a = 0; a < 3; ++a) {
      const double d = double(c[a]) * g.spacing[a] - centreMm[a];
      r2 += d * d;
    }
    m[i] = r2 <= radiusMm * radiusMm;
  }
  return m;
}

Mask blobs(const Geometry& g, int balls, std::uint32_t seed) {
  const auto v = test::randomBlobs(g, 1, balls, seed);
  return Mask(v.begin(), v.end());
}

LabelImage labelsFrom(const Geometry& g, const Mask& a, const Mask& b = {}, std::uint32_t la = 1,
                      std::uint32_t lb = 2) {
  std::vector<std::uint32_t> v(g.voxelCount(), 0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!b.empty() && b[i]) v[i] = lb;
    if (a[i]) v[i] = la;
  }
  return LabelImage::fromLabels(g, v.data());
}

LabelImage maskImage(const Geometry& g, const Mask& m, std::uint32_t label = 1) {
  std::vector<std::uint32_t> v(m.begin(), m.end());
  for (auto& x : v) x *= label;
  return LabelImage::fromLabels(g, v.data());
}

Conventions conventions(Hd95Mode mode = Hd95Mode::Max, double percentile = 95.0) {
  Conventions c;
  c.hd95Mode = mode;
  c.percentile = percentile;
  c.nsdTolerances = {0.37, 1.0, 1.9, 3.3};
  return c;
}

void expectMetrics(const LabelMetrics& m, const Expected& e, Hd95Mode mode, const char* what) {
  ASSERT_TRUE(m.hd && m.hd95 && m.assd && m.masd) << what;
  EXPECT_NEAR(*m.hd, e.hd, 1e-9) << what;
  const double hd95 = mode == Hd95Mode::Max      ? e.hd95max
                      : mode == Hd95Mode::Pooled ? e.hd95pooled
                                                 : e.hd95mean;
  EXPECT_NEAR(*m.hd95, hd95, 1e-9) << what;
  EXPECT_NEAR(*m.assd, e.assd, 1e-9) << what;
  EXPECT_NEAR(*m.masd, e.masd, 1e-9) << what;
  for (const auto& [t, v] : e.nsd) {
    ASSERT_TRUE(m.nsd.count(t) && m.nsd.at(t)) << what << " tolerance " << t;
    EXPECT_NEAR(*m.nsd.at(t), v, 1e-9) << what << " tolerance " << t;
  }
  EXPECT_FALSE(m.emptyOne);
  EXPECT_TRUE(m.distancesComputed);
}

// ---- Tests ----

TEST(SurfaceDistance, PercentileMatchesNumpyLinear) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(percentileLinear(v, 95), 3.85);  // numpy.percentile([1,2,3,4], 95)
  v = {10, 0};
  EXPECT_DOUBLE_EQ(percentileLinear(v, 50), 5.0);
  v = {3, 1, 2};
  EXPECT_DOUBLE_EQ(percentileLinear(v, 0), 1.0);
  v = {3, 1, 2};
  EXPECT_DOUBLE_EQ(percentileLinear(v, 100), 3.0);
  v = {7};
  EXPECT_DOUBLE_EQ(percentileLinear(v, 95), 7.0);
  v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_NEAR(percentileLinear(v, 95), 9.55, 1e-12);
}

// All five metrics, every HD95 mode, against the O(n*m) definitions on random anisotropic
// volumes: blobs (organ-like) and salt-and-pepper masks (many small surfaces and ties).
TEST(SurfaceDistance, AllMetricsEqualBruteForceOnRandomAnisotropicVolumes) {
  int checked = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> dim(4, 18);
    std::uniform_real_distribution<double> sp(0.4, 2.7);
    const Geometry g = test::grid(dim(rng), dim(rng), dim(rng), {sp(rng), sp(rng), sp(rng)});
    Mask a, b;
    if (seed % 2) {
      a = blobs(g, 3, seed * 7 + 1);
      b = blobs(g, 3, seed * 7 + 2);
    } else {
      std::bernoulli_distribution on(std::uniform_real_distribution<double>(0.05, 0.6)(rng));
      a.resize(g.voxelCount());
      b.resize(g.voxelCount());
      for (auto& v : a) v = on(rng);
      for (auto& v : b) v = on(rng);
    }
    const auto sa = bruteSurface(g, a), sb = bruteSurface(g, b);
    if (sa.empty() || sb.empty()) continue;
    const auto ab = bruteDirected(g, sa, sb), ba = bruteDirected(g, sb, sa);

    // Directed arrays, from masks and from label images (different codes, one shared image).
    const SurfaceDistance d = SurfaceDistance::compute(g, a.data(), b.data());
    ASSERT_EQ(d.refSurface, sa) << "seed " << seed;
    ASSERT_EQ(d.predSurface, sb) << "seed " << seed;
    for (std::size_t i = 0; i < ab.size(); ++i) ASSERT_NEAR(d.refToPred[i], ab[i], 1e-12);
    for (std::size_t i = 0; i < ba.size(); ++i) ASSERT_NEAR(d.predToRef[i], ba[i], 1e-12);
    const SurfaceDistance fromLabels =
        SurfaceDistance::compute(maskImage(g, a, 3), maskImage(g, b, 3), 3);
    EXPECT_EQ(fromLabels.refSurface, sa);
    EXPECT_EQ(fromLabels.refToPred, d.refToPred);

    for (Hd95Mode mode : {Hd95Mode::Max, Hd95Mode::Pooled, Hd95Mode::Mean})
      for (double p : {95.0, 50.0, 99.0}) {
        const Conventions c = conventions(mode, p);
        const Expected e = bruteMetrics(ab, ba, p, c.nsdTolerances);
        std::vector<LabelMetrics> labels(1);
        labels[0].label = 3;
        addSurfaceDistances(maskImage(g, a, 3), maskImage(g, b, 3), c, labels);
        expectMetrics(labels[0], e, mode, ("seed " + std::to_string(seed)).c_str());
      }
    ++checked;
  }
  EXPECT_GE(checked, 30);
}

// Several labels in one image: each label is cropped to its own box and evaluated in parallel.
TEST(SurfaceDistance, MultiLabelImagesMatchPerLabelBruteForce) {
  const Geometry g = test::grid(30, 26, 14, {0.8, 0.8, 2.5});
  const auto ref = test::randomBlobs(g, 4, 10, 11), pred = test::randomBlobs(g, 4, 10, 12);
  const LabelImage r = LabelImage::fromLabels(g, ref.data());
  const LabelImage p = LabelImage::fromLabels(g, pred.data());
  std::vector<LabelMetrics> labels;
  for (std::uint32_t l = 1; l <= 4; ++l) labels.emplace_back().label = l;
  const Conventions c = conventions();
  addSurfaceDistances(r, p, c, labels);
  for (const auto& m : labels) {
    Mask a(g.voxelCount()), b(g.voxelCount());
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = ref[i] == m.label, b[i] = pred[i] == m.label;
    const auto sa = bruteSurface(g, a), sb = bruteSurface(g, b);
    ASSERT_FALSE(sa.empty() || sb.empty());
    expectMetrics(
        m, bruteMetrics(bruteDirected(g, sa, sb), bruteDirected(g, sb, sa), 95.0, c.nsdTolerances),
        Hd95Mode::Max, ("label " + std::to_string(m.label)).c_str());
  }
}

using ItkMask = itk::Image<std::uint8_t, 3>;

ItkMask::Pointer itkMask(const Geometry& g, const Mask& m) {
  auto image = ItkMask::New();
  ItkMask::RegionType region;
  ItkMask::SpacingType spacing;
  for (unsigned a = 0; a < 3; ++a) {
    region.SetSize(a, g.size[a]);
    spacing[a] = g.spacing[a];
  }
  image->SetRegions(region);
  image->SetSpacing(spacing);
  image->Allocate();
  std::copy(m.begin(), m.end(), image->GetBufferPointer());
  return image;
}

double itkHausdorff(const Geometry& g, const Mask& a, const Mask& b) {
  auto f = itk::HausdorffDistanceImageFilter<ItkMask, ItkMask>::New();
  f->SetInput1(itkMask(g, a));
  f->SetInput2(itkMask(g, b));
  f->SetUseImageSpacing(true);
  f->Update();
  return f->GetHausdorffDistance();
}

double itkDirected(const Geometry& g, const Mask& from, const Mask& to) {
  auto f = itk::DirectedHausdorffDistanceImageFilter<ItkMask, ItkMask>::New();
  f->SetInput1(itkMask(g, from));
  f->SetInput2(itkMask(g, to));
  f->SetUseImageSpacing(true);
  f->Update();
  return f->GetDirectedHausdorffDistance();
}

double ourHd(const Geometry& g, const Mask& a, const Mask& b) {
  const SurfaceDistance d = SurfaceDistance::compute(g, a.data(), b.data());
  LabelMetrics m;
  summariseSurfaceDistance(d, conventions(), g, m);
  return *m.hd;
}

// ITK measures between whole voxel sets; where no surface voxel of one mask lies inside the
// other, the farthest voxel is a surface voxel and its nearest voxel of the other mask is too,
// so the two definitions give the same HD.
TEST(SurfaceDistance, HausdorffEqualsItkForOverlappingAndDisjointBlobs) {
  const Geometry g = test::grid(40, 34, 22, {0.8, 0.9, 2.0});
  struct Pair {
    std::array<double, 3> ca, cb;
    double ra, rb;
  };
  std::mt19937 rng(2024);
  std::uniform_real_distribution<double> cx(8, 24), cy(8, 22), cz(10, 34), rr(4.5, 9.0);
  int overlapping = 0, disjoint = 0;
  for (int k = 0; k < 12; ++k) {
    const Pair p{{cx(rng), cy(rng), cz(rng)}, {cx(rng), cy(rng), cz(rng)}, rr(rng), rr(rng)};
    const Mask a = ball(g, p.ca, p.ra), b = ball(g, p.cb, p.rb);
    // Partially overlapping or disjoint only: neither ball may hold the other.
    double centre = 0;
    for (int i = 0; i < 3; ++i) centre += (p.ca[i] - p.cb[i]) * (p.ca[i] - p.cb[i]);
    centre = std::sqrt(centre);
    if (centre < std::abs(p.ra - p.rb) + 2.5) continue;
    bool overlap = false;
    for (std::size_t i = 0; i < a.size(); ++i) overlap |= a[i] && b[i];
    (overlap ? overlapping : disjoint)++;
    EXPECT_NEAR(ourHd(g, a, b), itkHausdorff(g, a, b), 1e-6) << "pair " << k;
  }
  // Irregular blobs: unions of random balls, fixed seeds, both kinds of contact.
  for (std::uint32_t seed : {3u, 8u, 21u}) {
    const Mask a = blobs(g, 2, seed), b = blobs(g, 2, seed + 100);
    EXPECT_NEAR(ourHd(g, a, b), itkHausdorff(g, a, b), 1e-6) << "blob seed " << seed;
  }
  EXPECT_GT(overlapping, 0);
  EXPECT_GT(disjoint, 0);
}

// A small ball inside a big one: ITK gives 0 from the small to the big one (every small voxel is
// a big voxel); the surface distance is how deep the small surface sits inside the big one.
TEST(SurfaceDistance, NestedBallsDirectedDistanceExceedsItk) {
  const Geometry g = test::grid(41, 41, 25, {0.8, 0.8, 1.5});
  const std::array<double, 3> c{16.0, 16.0, 18.0}, off{17.6, 16.0, 18.0};
  const Mask big = ball(g, c, 14.0), small = ball(g, off, 4.0);
  const double itkSmallToBig = itkDirected(g, small, big);
  const SurfaceDistance d = SurfaceDistance::compute(g, small.data(), big.data());
  const double oursSmallToBig = *std::max_element(d.refToPred.begin(), d.refToPred.end());
  EXPECT_EQ(itkSmallToBig, 0.0);
  // Deepest small-surface point: 14 - (4 - 1.6) = 11.6 mm from the big surface, within a voxel.
  EXPECT_NEAR(oursSmallToBig, 11.6, 1.5);
  // Symmetric HD: for a convex inner mask the far side of the big ball dominates in both
  // definitions (14 + 1.6 - 4 = 11.6 mm), so they agree to within a voxel.
  EXPECT_NEAR(ourHd(g, small, big), itkHausdorff(g, small, big), 1.5);
}

// A prediction that misses a cavity of the reference is nested in it (every predicted voxel is
// a reference voxel), yet its inner surface is far from any reference surface: ITK sees only
// the cavity radius, the surface HD sees the cavity wall's distance to the outer surface.
TEST(SurfaceDistance, NestedMaskWithCavityHasLargerSurfaceHausdorffThanItk) {
  const Geometry g = test::grid(41, 41, 25, {0.8, 0.8, 1.5});
  const std::array<double, 3> c{16.0, 16.0, 18.0};
  const Mask outer = ball(g, c, 14.0), cavity = ball(g, c, 3.0);
  Mask hollow = outer;
  for (std::size_t i = 0; i < hollow.size(); ++i)
    if (cavity[i]) hollow[i] = 0;
  const double itk = itkHausdorff(g, outer, hollow), ours = ourHd(g, outer, hollow);
  EXPECT_NEAR(itk, 3.0, 1.5);          // deepest cavity voxel to the nearest hollow voxel
  EXPECT_NEAR(ours, 14.0 - 3.0, 1.5);  // cavity wall to the outer surface
  EXPECT_GT(ours, itk + 5.0);
}

TEST(SurfaceDistance, ConcentricBallsHaveHausdorffOfRadiusDifference) {
  const Geometry g = test::grid(50, 50, 24, {0.8, 0.8, 2.5});
  const std::array<double, 3> c{19.6, 20.0, 29.0};
  for (const auto& [r1, r2] : {std::pair{6.0, 15.0}, std::pair{10.0, 18.0}, std::pair{3.0, 5.5}}) {
    const Mask a = ball(g, c, r1), b = ball(g, c, r2);
    const double hd = ourHd(g, a, b);
    EXPECT_NEAR(hd, r2 - r1, 2.5) << r1 << " " << r2;  // within a voxel (largest spacing)
  }
}

TEST(SurfaceDistance, MaskAgainstItselfIsZeroWithNsdOne) {
  const Geometry g = test::grid(20, 18, 12, {0.7, 1.1, 2.3});
  const auto v = test::randomBlobs(g, 3, 6, 5);
  const LabelImage img = LabelImage::fromLabels(g, v.data());
  std::vector<LabelMetrics> labels;
  for (std::uint32_t l : img.presentLabels()) labels.emplace_back().label = l;
  ASSERT_FALSE(labels.empty());
  for (Hd95Mode mode : {Hd95Mode::Max, Hd95Mode::Pooled, Hd95Mode::Mean}) {
    addSurfaceDistances(img, img, conventions(mode), labels);
    for (const auto& m : labels) {
      EXPECT_EQ(*m.hd, 0.0);
      EXPECT_EQ(*m.hd95, 0.0);
      EXPECT_EQ(*m.assd, 0.0);
      EXPECT_EQ(*m.masd, 0.0);
      for (const auto& [t, nsd] : m.nsd) EXPECT_EQ(*nsd, 1.0) << t;
      EXPECT_FALSE(m.emptyOne);
    }
  }
}

TEST(SurfaceDistance, EmptyMasksFollowTheConvention) {
  const Geometry g = test::grid(12, 10, 8, {1.0, 2.0, 3.0});
  const Mask a = ball(g, {5, 8, 12}, 3.5);
  const LabelImage ref = labelsFrom(g, a), empty = maskImage(g, Mask(g.voxelCount(), 0));
  auto run = [&](const LabelImage& r, const LabelImage& p, std::uint32_t label, Conventions c) {
    std::vector<LabelMetrics> labels(1);
    labels[0].label = label;
    addSurfaceDistances(r, p, c, labels);
    return labels[0];
  };
  Conventions c = conventions();
  // Both empty (label 7 is in neither image): perfect agreement.
  LabelMetrics m = run(ref, ref, 7, c);
  EXPECT_TRUE(m.distancesComputed);
  EXPECT_FALSE(m.emptyOne);
  EXPECT_EQ(*m.hd, 0.0);
  EXPECT_EQ(*m.hd95, 0.0);
  EXPECT_EQ(*m.assd, 0.0);
  EXPECT_EQ(*m.masd, 0.0);
  for (double t : c.nsdTolerances) EXPECT_EQ(*m.nsd.at(t), 1.0);
  // ... null under --empty nan, like the overlap scores.
  Conventions nan = c;
  nan.empty = EmptyPolicy::NaN;
  m = run(ref, ref, 7, nan);
  EXPECT_FALSE(m.hd || m.hd95 || m.assd || m.masd);
  for (double t : c.nsdTolerances) EXPECT_FALSE(m.nsd.at(t));

  // Exactly one empty, either way round: null and flagged.
  for (bool refEmpty : {false, true}) {
    const LabelImage& r = refEmpty ? empty : ref;
    const LabelImage& p = refEmpty ? ref : empty;
    m = run(r, p, 1, c);
    EXPECT_TRUE(m.emptyOne);
    EXPECT_FALSE(m.hd || m.hd95 || m.assd || m.masd);
    ASSERT_EQ(m.nsd.size(), c.nsdTolerances.size());
    for (double t : c.nsdTolerances) EXPECT_FALSE(m.nsd.at(t));
    // --empty-distance worst: the image diagonal and NSD 0.
    Conventions worst = c;
    worst.emptyDistance = EmptyDistance::Worst;
    m = run(r, p, 1, worst);
    const double diagonal = std::sqrt(12.0 * 12 + 20.0 * 20 + 24.0 * 24);
    EXPECT_TRUE(m.emptyOne);
    EXPECT_DOUBLE_EQ(*m.hd, diagonal);
    EXPECT_DOUBLE_EQ(*m.hd95, diagonal);
    EXPECT_DOUBLE_EQ(*m.assd, diagonal);
    EXPECT_DOUBLE_EQ(*m.masd, diagonal);
    for (double t : c.nsdTolerances) EXPECT_EQ(*m.nsd.at(t), 0.0);
  }
}

TEST(SurfaceDistance, MasksTouchingTheImageBorderHaveSurfaceThere) {
  // A full 3x3x3 block: every voxel but the centre touches the border, so 26 surface voxels.
  const Geometry g = test::grid(3, 3, 3);
  const Mask full(27, 1);
  Mask centre(27, 0);
  centre[13] = 1;
  const SurfaceDistance d = SurfaceDistance::compute(g, full.data(), centre.data());
  EXPECT_EQ(d.refSurface.size(), 26u);
  ASSERT_EQ(d.predSurface.size(), 1u);
  EXPECT_DOUBLE_EQ(d.predToRef[0], 1.0);
  EXPECT_DOUBLE_EQ(*std::max_element(d.refToPred.begin(), d.refToPred.end()), std::sqrt(3.0));
}

TEST(SurfaceDistance, DifferentGridSizesAreRejected) {
  const LabelImage a = maskImage(test::grid(4, 4, 4), Mask(64, 1));
  const LabelImage b = maskImage(test::grid(4, 4, 5), Mask(80, 1));
  std::vector<LabelMetrics> labels(1);
  labels[0].label = 1;
  EXPECT_THROW(addSurfaceDistances(a, b, conventions(), labels), std::invalid_argument);
}

TEST(SurfaceDistance, CancelledProgressStopsTheComputation) {
  const Geometry g = test::grid(10, 10, 10);
  const auto v = test::randomBlobs(g, 2, 4, 9);
  const LabelImage img = LabelImage::fromLabels(g, v.data());
  std::vector<LabelMetrics> labels(2);
  labels[0].label = 1;
  labels[1].label = 2;
  Progress progress;
  progress.cancel();
  EXPECT_THROW(addSurfaceDistances(img, img, conventions(), labels, &progress), Cancelled);
}

}  // namespace
}  // namespace seglens
