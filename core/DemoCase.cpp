#include "DemoCase.h"

#include <filesystem>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <variant>

#include "ImageIO.h"
#include "AtomicFile.h"
#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

// splitmix64: a fixed, portable hash, so the demo is identical on every machine.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
double unit(std::uint64_t x) { return double(mix(x) >> 11) * (1.0 / 9007199254740992.0); }

}  // namespace

LabelImage simulateNoisyModel(const LabelImage& truth, const DemoRecipe& r) {
  const Geometry& g = truth.geometry;
  std::vector<std::uint32_t> in = truth.labels();
  std::vector<std::uint32_t> out = in;
  const long nx = long(g.size[0]), ny = long(g.size[1]), nz = long(g.size[2]);
  const long step[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y)
      for (long x = 0; x < nx; ++x) {
        const std::size_t i = g.linearIndex(x, y, z);
        const std::uint32_t l = in[i];
        if (l == r.missedLabel) {
          out[i] = 0;
          continue;
        }
        if (l == 0 || l % 2 == 0) continue;
        // A boundary voxel of an odd label sometimes takes the label of a neighbour.
        const int d = int(mix(i * 7 + 1) % 6);
        const long xx = x + step[d][0], yy = y + step[d][1], zz = z + step[d][2];
        if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
        const std::uint32_t n = in[g.linearIndex(xx, yy, zz)];
        if (n != l && n != r.missedLabel && unit(i) < r.boundaryFlip) out[i] = n;
      }
  // False-positive blobs: small balls of one label dropped into other structures.
  const long centres[4][3] = {{nx / 3, ny / 2, nz / 2}, {2 * nx / 3, ny / 3, nz / 2},
                              {nx / 2, 2 * ny / 3, 2 * nz / 3}, {nx / 2, ny / 4, nz / 3}};
  const long radii[4] = {3, 4, 5, 3};
  for (int b = 0; b < 4; ++b) {
    const long rr = radii[b];
    for (long dz = -rr; dz <= rr; ++dz)
      for (long dy = -rr; dy <= rr; ++dy)
        for (long dx = -rr; dx <= rr; ++dx) {
          if (dx * dx + dy * dy + dz * dz > rr * rr) continue;
          const long x = centres[b][0] + dx, y = centres[b][1] + dy, z = centres[b][2] + dz;
          if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
          out[g.linearIndex(x, y, z)] = r.blobLabel;
        }
  }
  return LabelImage::fromLabels(g, out.data());
}

LabelImage simulateShiftedModel(const LabelImage& truth, const DemoRecipe& r) {
  const Geometry& g = truth.geometry;
  std::vector<std::uint32_t> in = truth.labels();
  std::vector<std::uint32_t> out(in.size(), 0);
  const long nx = long(g.size[0]);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const long x = long(i % g.size[0]);
    const long sx = x - r.shiftVoxels;  // content moves by +shift along i
    if (sx < 0 || sx >= nx) continue;
    std::uint32_t l = in[i - x + sx];
    if (l == r.mergedFrom) l = r.mergedInto;
    out[i] = l;
  }
  return LabelImage::fromLabels(g, out.data());
}

std::vector<float> simulateProbabilityModel(const LabelImage& truth, std::uint32_t label) {
  const Geometry& g = truth.geometry;
  const int code = truth.codeOf(label);
  const std::size_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
  std::vector<float> p(g.voxelCount(), 0.0f), tmp(p.size());
  std::visit([&](const auto& c) {
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = int(c[i]) == code ? 1.0f : 0.0f;
  }, truth.codes);
  // Separable 5-voxel box blur, twice (close to a Gaussian): soft, model-like boundaries.
  const std::size_t stride[3] = {1, nx, nx * ny};
  for (int pass = 0; pass < 2; ++pass)
    for (int a = 0; a < 3; ++a) {
      const std::size_t n = g.size[std::size_t(a)], s = stride[a];
      for (std::size_t i = 0; i < p.size(); ++i) {
        const std::size_t pos = (i / s) % n;
        float sum = 0;
        for (long d = -2; d <= 2; ++d) {
          const long q = long(pos) + d;
          if (q >= 0 && q < long(n)) sum += p[std::size_t(long(i) + d * long(s))];
        }
        tmp[i] = sum / 5.0f;
      }
      p.swap(tmp);
    }
  // Under-confident with deterministic noise, moved one voxel along j: the default threshold
  // 0.5 is not the best one, which is what the threshold curve is for.
  for (std::size_t k = 0; k < nz; ++k)
    for (std::size_t j = ny; j-- > 0;)
      for (std::size_t i = 0; i < nx; ++i) {
        const std::size_t lin = g.linearIndex(i, j, k);
        const float src = j > 0 ? p[g.linearIndex(i, j - 1, k)] : 0.0f;
        const float v = src > 0 ? 0.8f * src + float(unit(lin * 13 + 5) - 0.5) * 0.2f : 0.0f;
        p[lin] = std::min(1.0f, std::max(0.0f, v));
      }
  return p;
}

namespace {

struct Blob {
  long x, y, z;
  double r;
};

void paintBall(const Geometry& g, const Blob& b, std::vector<std::uint8_t>& v, long skipSlab = -1) {
  const long rr = long(b.r) + 1;
  for (long dz = -rr; dz <= rr; ++dz)
    for (long dy = -rr; dy <= rr; ++dy)
      for (long dx = -rr; dx <= rr; ++dx) {
        if (double(dx * dx + dy * dy + dz * dz) > b.r * b.r) continue;
        if (skipSlab >= 0 && std::labs(dz) <= skipSlab) continue;  // the split: a slab removed
        const long x = b.x + dx, y = b.y + dy, z = b.z + dz;
        if (x < 0 || y < 0 || z < 0 || x >= long(g.size[0]) || y >= long(g.size[1]) ||
            z >= long(g.size[2]))
          continue;
        v[g.linearIndex(std::size_t(x), std::size_t(y), std::size_t(z))] = 1;
      }
}

// Blob centres inside the brain (non-zero atlas), at least `gap` voxels of clearance from
// every blob already placed, so each is its own component.
std::vector<Blob> placeBlobs(const LabelImage& truth, int count, std::uint64_t seed,
                             std::vector<Blob> placed, double rMin, double rMax) {
  const Geometry& g = truth.geometry;
  std::vector<Blob> out;
  for (std::uint64_t t = 0; int(out.size()) < count && t < 100000; ++t) {
    const std::uint64_t h = seed * 1000003 + t;
    Blob b{long(mix(h) % g.size[0]), long(mix(h + 1) % g.size[1]), long(mix(h + 2) % g.size[2]),
           rMin + (rMax - rMin) * unit(h + 3)};
    if (out.empty() && seed == 1) b.r = rMax + 2;  // the first lesion is the big one that splits
    if (truth.labelAt(g.linearIndex(std::size_t(b.x), std::size_t(b.y), std::size_t(b.z))) == 0)
      continue;
    bool clear = true;
    for (const Blob& o : placed) {
      const double dx = double(b.x - o.x), dy = double(b.y - o.y), dz = double(b.z - o.z);
      clear = clear && std::sqrt(dx * dx + dy * dy + dz * dz) > b.r + o.r + 6;
    }
    if (!clear) continue;
    placed.push_back(b);
    out.push_back(b);
  }
  return out;
}

}  // namespace

LesionCase simulateLesionCase(const LabelImage& truth, const DemoRecipe& recipe) {
  const Geometry& g = truth.geometry;
  const std::vector<Blob> lesions = placeBlobs(truth, recipe.lesionCount, 1, {}, 1.5, 4.0);
  const std::vector<Blob> fps = placeBlobs(truth, recipe.falsePositives, 2, lesions, 1.5, 3.0);
  std::vector<std::uint8_t> ref(g.voxelCount(), 0), pred(g.voxelCount(), 0);
  LesionCase c;
  for (std::size_t i = 0; i < lesions.size(); ++i) {
    const Blob& b = lesions[i];
    paintBall(g, b, ref);
    if (i == 0) {
      paintBall(g, b, pred, 1);  // split: the slab |dz| <= 1 removed leaves two halves
    } else if (int(i) % recipe.missEvery == recipe.missEvery - 1) {
      ++c.missed;
    } else {
      // Segmentation error of a found lesion: grown, shrunk or shifted by a voxel along i.
      Blob p = b;
      const int kind = int(i % 3);
      if (kind == 0) p.r += 0.7;
      if (kind == 1) p.r = std::max(1.0, p.r - 0.7);
      if (kind == 2) p.x += 1;
      paintBall(g, p, pred);
    }
  }
  for (const Blob& b : fps) paintBall(g, b, pred);
  c.falsePositives = int(fps.size());
  c.reference = LabelImage::fromRaw(g, ref.data());
  c.prediction = LabelImage::fromRaw(g, pred.data());
  return c;
}

std::string writeDemoCase(const std::string& outDir, const DemoSources& src,
                          const DemoRecipe& recipe, bool force) {
  std::ostringstream about;
  about << "demo case in " << outDir << ":\n"
        << "  scan.nii.gz    Colin27 T1 (" << src.scan << ")\n"
        << "  gt.nii.gz      AAL atlas, 116 labels (" << src.atlas << ")\n"
        << "  pred_a.nii.gz  model A: boundary noise on left-hemisphere labels, label "
        << recipe.missedLabel << " missed, 4 false-positive blobs of label " << recipe.blobLabel
        << "\n"
        << "  pred_b.nii.gz  model B: shifted " << recipe.shiftVoxels
        << " voxels along i, label " << recipe.mergedFrom << " merged into " << recipe.mergedInto
        << "\n"
        << "  pred_prob.nii.gz  model C: probability map of label " << recipe.probabilityLabel
        << ", blurred, under-confident (x0.8), noisy, moved 1 voxel along j\n"
        << "  lesions_gt.nii.gz / lesions_pred.nii.gz  lesion case (label 1): "
        << recipe.lesionCount << " small blobs; the prediction misses every "
        << recipe.missEvery << "th, splits the largest in two, adds " << recipe.falsePositives
        << " false positives (try eval --lesions)\n"
        << "  labels.txt/.lut  AAL names and colours\n";
  const fs::path dir(outDir);
  const char* outputs[] = {"scan.nii.gz", "gt.nii.gz",  "pred_a.nii.gz",
                           "pred_b.nii.gz", "pred_prob.nii.gz", "lesions_gt.nii.gz",
                           "lesions_pred.nii.gz", "lesions_gt.txt", "labels.txt", "labels.lut"};
  bool complete = true;
  for (const char* f : outputs) complete &= fs::exists(dir / f);
  if (complete && !force) return about.str();

  // Both sources are read in full before anything is written: a corrupt scan must be refused,
  // not copied into the demo under the Colin27 name.
  std::error_code ec;
  for (const std::string& from : {src.scan, src.atlas, src.names, src.colours})
    if (!fs::exists(from, ec)) throw InputError(from, "demo source not found (install mricron-data)");
  const LabelImage truth = loadLabelImage(src.atlas);
  const Geometry scanGrid = loadScalarImage(src.scan).geometry;
  if (scanGrid.size != truth.geometry.size)
    throw InputError(src.scan, "scan grid differs from the atlas " + src.atlas +
                                   "; the demo needs the scan the atlas was drawn on");
  fs::create_directories(dir, ec);
  if (ec) throw InputError(outDir, "cannot create folder: " + ec.message());
  auto copy = [&](const std::string& from, const char* to) {
    std::error_code e;
    fs::copy_file(from, dir / to, fs::copy_options::overwrite_existing, e);
    if (e) throw InputError((dir / to).string(), "cannot write: " + e.message());
  };
  copy(src.scan, "scan.nii.gz");
  copy(src.atlas, "gt.nii.gz");
  copy(src.names, "labels.txt");
  copy(src.colours, "labels.lut");
  saveLabelImage(simulateNoisyModel(truth, recipe), (dir / "pred_a.nii.gz").string(), true);
  saveLabelImage(simulateShiftedModel(truth, recipe), (dir / "pred_b.nii.gz").string(), true);
  saveFloatImage(truth.geometry, simulateProbabilityModel(truth, recipe.probabilityLabel),
                 (dir / "pred_prob.nii.gz").string(), true);
  const LesionCase lesions = simulateLesionCase(truth, recipe);
  saveLabelImage(lesions.reference, (dir / "lesions_gt.nii.gz").string(), true);
  saveLabelImage(lesions.prediction, (dir / "lesions_pred.nii.gz").string(), true);
  // Found before labels.txt (LabelTable::findBeside): label 1 here is a lesion, not an AAL area.
  AtomicFile::write((dir / "lesions_gt.txt").string(),
                    "# ITK-SNAP label description: the demo's lesion case\n"
                    "0 0 0 0 0 0 0 \"Clear Label\"\n"
                    "1 255 64 32 1 1 1 \"lesion\"\n");
  return about.str();
}

}  // namespace seglens
