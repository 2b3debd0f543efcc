// Connected components on runs (core/ConnectedComponents.h): connectivity on diagonal voxels,
// ids in storage order, summaries, the dilation against a brute-force one, and the partition
// against itk::ConnectedComponentImageFilter and a brute-force flood fill on random masks.
#include <gtest/gtest.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkImage.h>
#include <tbb/global_control.h>

#include <array>
#include <map>
#include <queue>
#include <random>
#include <vector>

#include "ConnectedComponents.h"

namespace seglens {
namespace {

using Size = std::array<std::size_t, 3>;

std::size_t at(const Size& s, long i, long j, long k) {
  return std::size_t(i) + s[0] * (std::size_t(j) + s[1] * std::size_t(k));
}

std::vector<std::uint8_t> maskWith(const Size& s, const std::vector<std::array<long, 3>>& voxels) {
  std::vector<std::uint8_t> m(s[0] * s[1] * s[2], 0);
  for (const auto& v : voxels) m[at(s, v[0], v[1], v[2])] = 1;
  return m;
}

std::size_t countOf(const Size& s, const std::vector<std::uint8_t>& m, int connectivity) {
  return ConnectedComponents(RunMask::fromMask(s, m.data()), connectivity).count();
}

bool neighbours(int dx, int dy, int dz, int connectivity) {
  const int n = std::abs(dx) + std::abs(dy) + std::abs(dz);
  if (n == 0) return false;
  return connectivity == 6 ? n == 1 : connectivity == 18 ? n <= 2 : true;
}

// Flood fill from each unlabelled voxel in storage order: ids in first-voxel order.
std::vector<std::uint32_t> floodFill(const Size& s, const std::vector<std::uint8_t>& m,
                                     int connectivity) {
  std::vector<std::uint32_t> id(m.size(), 0);
  std::uint32_t next = 0;
  for (std::size_t start = 0; start < m.size(); ++start) {
    if (!m[start] || id[start]) continue;
    id[start] = ++next;
    std::queue<std::size_t> q;
    q.push(start);
    while (!q.empty()) {
      const std::size_t v = q.front();
      q.pop();
      const long i = long(v % s[0]), j = long(v / s[0] % s[1]), k = long(v / (s[0] * s[1]));
      for (int dz = -1; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const long x = i + dx, y = j + dy, z = k + dz;
            if (!neighbours(dx, dy, dz, connectivity) || x < 0 || y < 0 || z < 0 ||
                x >= long(s[0]) || y >= long(s[1]) || z >= long(s[2]))
              continue;
            const std::size_t u = at(s, x, y, z);
            if (m[u] && !id[u]) {
              id[u] = next;
              q.push(u);
            }
          }
    }
  }
  return id;
}

std::vector<std::uint8_t> randomMask(const Size& s, double density, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution on(density);
  std::vector<std::uint8_t> m(s[0] * s[1] * s[2]);
  for (auto& v : m) v = on(rng) ? 1 : 0;
  return m;
}

TEST(ConnectedComponents, DiagonalVoxelsFollowTheConnectivity) {
  const Size s{4, 4, 4};
  const auto face = maskWith(s, {{0, 0, 0}, {1, 0, 0}});
  const auto edge = maskWith(s, {{0, 0, 0}, {1, 1, 0}});
  const auto edgeAcrossSlices = maskWith(s, {{1, 1, 1}, {1, 2, 2}});
  const auto corner = maskWith(s, {{0, 0, 0}, {1, 1, 1}});
  for (int c : {6, 18, 26}) EXPECT_EQ(countOf(s, face, c), 1u) << c;
  EXPECT_EQ(countOf(s, edge, 6), 2u);
  EXPECT_EQ(countOf(s, edge, 18), 1u);
  EXPECT_EQ(countOf(s, edge, 26), 1u);
  EXPECT_EQ(countOf(s, edgeAcrossSlices, 6), 2u);
  EXPECT_EQ(countOf(s, edgeAcrossSlices, 18), 1u);
  EXPECT_EQ(countOf(s, corner, 6), 2u);
  EXPECT_EQ(countOf(s, corner, 18), 2u);
  EXPECT_EQ(countOf(s, corner, 26), 1u);
  EXPECT_THROW(countOf(s, face, 8), std::invalid_argument);
}

TEST(ConnectedComponents, IdsFollowTheFirstVoxelInStorageOrder) {
  const Size s{8, 4, 3};
  // The lesion at (5,0,0) starts first in storage order; the one at (0,1,0) comes second even
  // though it reaches further down; (0,0,2) is third.
  const auto m = maskWith(s, {{0, 1, 0}, {0, 2, 0}, {5, 0, 0}, {5, 1, 0}, {0, 0, 2}});
  const ConnectedComponents cc(RunMask::fromMask(s, m.data()), 6);
  ASSERT_EQ(cc.count(), 3u);
  const auto ids = cc.labelImage();
  EXPECT_EQ(ids[at(s, 5, 0, 0)], 1u);
  EXPECT_EQ(ids[at(s, 0, 1, 0)], 2u);
  EXPECT_EQ(ids[at(s, 0, 0, 2)], 3u);
  const auto& c = cc.groups().components;
  EXPECT_EQ(c[1].voxels, 2u);
  EXPECT_DOUBLE_EQ(c[1].indexSum[1], 3.0);  // j = 1 + 2
  EXPECT_EQ(c[1].box.lo[1], 1u);
  EXPECT_EQ(c[1].box.hi[1], 2u);
}

TEST(ConnectedComponents, MatchesFloodFillIdsOnRandomMasks) {
  const Size s{23, 17, 19};
  for (double density : {0.08, 0.3, 0.55})
    for (int c : {6, 18, 26}) {
      const auto m = randomMask(s, density, std::uint32_t(100 * density) + c);
      const ConnectedComponents cc(RunMask::fromMask(s, m.data()), c);
      EXPECT_EQ(cc.labelImage(), floodFill(s, m, c)) << density << " " << c;
    }
}

TEST(ConnectedComponents, SameIdsOnOneThread) {
  const Size s{31, 29, 70};  // more slices than slabs, so slab boundaries are crossed
  const auto m = randomMask(s, 0.3, 7);
  const auto many = ConnectedComponents(RunMask::fromMask(s, m.data()), 26).labelImage();
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_EQ(ConnectedComponents(RunMask::fromMask(s, m.data()), 26).labelImage(), many);
}

// Same partition as ITK: each of our ids maps to one ITK id and back.
void expectSamePartition(const std::vector<std::uint32_t>& ours,
                         const std::vector<std::uint32_t>& itk) {
  ASSERT_EQ(ours.size(), itk.size());
  std::map<std::uint32_t, std::uint32_t> forward, backward;
  for (std::size_t v = 0; v < ours.size(); ++v) {
    ASSERT_EQ(ours[v] == 0, itk[v] == 0) << v;
    if (!ours[v]) continue;
    auto [f, fnew] = forward.emplace(ours[v], itk[v]);
    auto [b, bnew] = backward.emplace(itk[v], ours[v]);
    ASSERT_EQ(f->second, itk[v]) << v;
    ASSERT_EQ(b->second, ours[v]) << v;
  }
}

std::vector<std::uint32_t> itkComponents(const Size& s, const std::vector<std::uint8_t>& m,
                                         bool fullyConnected) {
  using In = itk::Image<std::uint8_t, 3>;
  using Out = itk::Image<std::uint32_t, 3>;
  auto image = In::New();
  In::RegionType region;
  region.SetSize({s[0], s[1], s[2]});
  image->SetRegions(region);
  image->Allocate();
  std::copy(m.begin(), m.end(), image->GetBufferPointer());
  auto filter = itk::ConnectedComponentImageFilter<In, Out>::New();
  filter->SetInput(image);
  filter->SetFullyConnected(fullyConnected);
  filter->Update();
  const Out* out = filter->GetOutput();
  return {out->GetBufferPointer(), out->GetBufferPointer() + m.size()};
}

TEST(ConnectedComponents, SamePartitionAsItkOnRandomMasks) {
  const Size s{37, 26, 21};
  for (double density : {0.05, 0.25, 0.5}) {
    const auto m = randomMask(s, density, std::uint32_t(1000 * density));
    // ITK offers face connectivity (6) and full connectivity (26) in 3-D.
    for (int c : {6, 26}) {
      SCOPED_TRACE(std::to_string(density) + " " + std::to_string(c));
      const ConnectedComponents cc(RunMask::fromMask(s, m.data()), c);
      expectSamePartition(cc.labelImage(), itkComponents(s, m, c == 26));
    }
  }
}

// Brute-force K steps of the 18-neighbourhood, clipped at the image edge.
std::vector<std::uint8_t> dilateBrute(const Size& s, std::vector<std::uint8_t> m, int k) {
  for (int step = 0; step < k; ++step) {
    std::vector<std::uint8_t> next = m;
    for (long z = 0; z < long(s[2]); ++z)
      for (long y = 0; y < long(s[1]); ++y)
        for (long x = 0; x < long(s[0]); ++x) {
          if (!m[at(s, x, y, z)]) continue;
          for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx) {
                const long a = x + dx, b = y + dy, c = z + dz;
                if (!neighbours(dx, dy, dz, 18) || a < 0 || b < 0 || c < 0 || a >= long(s[0]) ||
                    b >= long(s[1]) || c >= long(s[2]))
                  continue;
                next[at(s, a, b, c)] = 1;
              }
        }
    m = std::move(next);
  }
  return m;
}

TEST(ConnectedComponents, DilationMatchesIteratedEighteenNeighbourhood) {
  const Size s{19, 14, 11};
  const auto m = randomMask(s, 0.01, 3);
  for (int k : {0, 1, 2, 3}) {
    const RunMask d = RunMask::fromMask(s, m.data()).dilated(k);
    const auto expected = dilateBrute(s, m, k);
    const RunMask e = RunMask::fromMask(s, expected.data());
    ASSERT_EQ(d.runs.size(), e.runs.size()) << k;
    for (std::size_t i = 0; i < d.runs.size(); ++i) {
      EXPECT_EQ(d.runs[i].row, e.runs[i].row) << k;
      EXPECT_EQ(d.runs[i].begin, e.runs[i].begin) << k;
      EXPECT_EQ(d.runs[i].end, e.runs[i].end) << k;
    }
  }
}

}  // namespace
}  // namespace seglens
