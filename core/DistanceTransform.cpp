#include "DistanceTransform.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace seglens {
namespace {

constexpr std::uint32_t kNone = DistanceTransform::kNone;
// Lines of the y and z passes are strided; moving 16 neighbouring lines at once turns each
// strided access into one 64-byte cache line.
constexpr std::size_t kBlock = 16;

// Scratch of one line: the finite sites, their values and the envelope.
struct Line {
  std::vector<int> pos;             // site positions along the line, ascending
  std::vector<double> f;            // value of each site's parabola at its own position
  std::vector<std::uint32_t> seed;  // nearest-seed index carried by each site
  std::vector<double> key;          // f / w + pos^2: the parabola with the constant folded in
  std::vector<int> hull;            // sites of the lower envelope
  // hull[k] takes over from hull[k-1] at num[k] / den[k] (den > 0); kept as a fraction
  // because a division per site was the largest cost of the transform.
  std::vector<double> num, den;
  explicit Line(std::size_t n) : pos(n), f(n), seed(n), key(n), hull(n), num(n), den(n) {}
};

// Lower envelope of w*(q - pos[i])^2 + f[i] over the m > 0 sites (Felzenszwalb-Huttenlocher).
// Afterwards, for ascending q, `winner` walks the hull. Double precision here means the chosen
// site is the true minimiser up to 1e-16 relative, so the distance recomputed from its seed is
// exact for the metrics.
class Envelope {
 public:
  Envelope(Line& l, int m, double w) : l_(l) {
    const double invW = 1.0 / w;
    for (int i = 0; i < m; ++i) l.key[i] = l.f[i] * invW + double(l.pos[i]) * l.pos[i];
    int k = 0;
    l.hull[0] = 0;
    for (int i = 1; i < m; ++i) {
      double num, den;
      for (;;) {
        const int j = l.hull[k];
        num = l.key[i] - l.key[j];
        den = 2.0 * double(l.pos[i] - l.pos[j]);
        // Keep hull[k] while the new parabola takes over after hull[k] does (the first hull
        // site starts at -infinity).
        if (k == 0 || num * l.den[k] > l.num[k] * den) break;
        --k;
      }
      ++k;
      l.hull[k] = i;
      l.num[k] = num;
      l.den[k] = den;
    }
    last_ = k;
  }
  // Site lowest at q; q must not decrease between calls.
  int winner(int q) {
    while (k_ < last_ && l_.num[k_ + 1] < double(q) * l_.den[k_ + 1]) ++k_;
    return l_.hull[k_];
  }

 private:
  Line& l_;
  int k_ = 0, last_ = 0;
};

// Pass along x: in a line the nearest seed is the nearer of the previous and the next seed.
void passX(const std::uint8_t* seeds, std::uint8_t mask, std::uint32_t* feat,
           const DistanceTransform::Size& n) {
  const std::size_t nx = n[0], rows = n[1] * n[2];
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 64), [&](const auto& r) {
    for (std::size_t row = r.begin(); row != r.end(); ++row) {
      const std::size_t base = row * nx;
      const std::uint8_t* s = seeds + base;
      std::uint32_t* out = feat + base;
      std::size_t last = kNone;
      for (std::size_t x = 0; x < nx; ++x) {
        if (s[x] & mask) last = x;
        out[x] = last == kNone ? kNone : std::uint32_t(base + last);
      }
      std::size_t next = kNone;
      for (std::size_t x = nx; x-- > 0;) {
        if (s[x] & mask) next = x;
        if (next != kNone && (out[x] == kNone || next - x < x - (out[x] - base)))
          out[x] = std::uint32_t(base + next);
      }
    }
  });
}

// Pass along y: site y of column x carries the seed found by passX in row y.
void passY(std::uint32_t* feat, const DistanceTransform::Size& n,
           const DistanceTransform::Spacing& sp) {
  const std::size_t nx = n[0], ny = n[1], nz = n[2], slice = nx * ny;
  const std::size_t blocks = (nx + kBlock - 1) / kBlock;
  const double w0 = sp[0] * sp[0], w1 = sp[1] * sp[1];
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nz * blocks), [&](const auto& r) {
    Line line(ny);
    std::vector<std::uint32_t> buf(kBlock * ny);
    for (std::size_t t = r.begin(); t != r.end(); ++t) {
      const std::size_t z = t / blocks, x0 = (t % blocks) * kBlock;
      const std::size_t bw = std::min(kBlock, nx - x0);
      std::uint32_t* base = feat + z * slice + x0;
      for (std::size_t y = 0; y < ny; ++y)
        for (std::size_t c = 0; c < bw; ++c) buf[c * ny + y] = base[y * nx + c];
      for (std::size_t c = 0; c < bw; ++c) {
        std::uint32_t* col = buf.data() + c * ny;
        const double x = double(x0 + c);
        int m = 0;
        for (std::size_t y = 0; y < ny; ++y) {
          const std::uint32_t u = col[y];
          if (u == kNone) continue;
          const double dx = double(u - (z * slice + y * nx)) - x;
          line.pos[m] = int(y);
          line.f[m] = w0 * dx * dx;
          line.seed[m] = u;
          ++m;
        }
        if (m == 0) continue;
        Envelope env(line, m, w1);
        for (std::size_t y = 0; y < ny; ++y) col[y] = line.seed[env.winner(int(y))];
      }
      for (std::size_t y = 0; y < ny; ++y)
        for (std::size_t c = 0; c < bw; ++c) base[y * nx + c] = buf[c * ny + y];
    }
  });
}

// Pass along z; `emit(line, site, z, w2)` gives the result at position z of one line. Results
// are stored bytewise into `result`, which may be the storage of `feat` itself: each block of
// z-lines is read whole before it is written back, and memcpy is what lets a float map reuse
// the storage that held the seed indices. With `need` (one flag per (x, y)), z-lines whose flag
// is 0 are not computed (their results are left unspecified), and blocks of them not touched.
template <class Out, class Emit>
void passZ(const std::uint32_t* feat, void* result, const DistanceTransform::Size& n,
           const DistanceTransform::Spacing& sp, Out none, Emit emit,
           const std::uint8_t* need = nullptr) {
  const std::size_t nx = n[0], ny = n[1], nz = n[2], slice = nx * ny;
  const std::size_t blocks = (nx + kBlock - 1) / kBlock;
  const double w0 = sp[0] * sp[0], w1 = sp[1] * sp[1], w2 = sp[2] * sp[2];
  const std::uint32_t nx32 = std::uint32_t(nx);
  const double invNx = 1.0 / double(nx);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ny * blocks), [&](const auto& r) {
    Line line(nz);
    std::vector<std::uint32_t> in(kBlock * nz);
    std::vector<Out> out(kBlock * nz);
    for (std::size_t t = r.begin(); t != r.end(); ++t) {
      const std::size_t y = t / blocks, x0 = (t % blocks) * kBlock;
      const std::size_t bw = std::min(kBlock, nx - x0);
      const std::size_t offset = y * nx + x0;
      if (need && std::all_of(need + offset, need + offset + bw, [](std::uint8_t f) { return !f; }))
        continue;
      for (std::size_t z = 0; z < nz; ++z)
        for (std::size_t c = 0; c < bw; ++c) in[c * nz + z] = feat[z * slice + offset + c];
      for (std::size_t c = 0; c < bw; ++c) {
        const std::uint32_t* col = in.data() + c * nz;
        Out* o = out.data() + c;
        if (need && !need[offset + c]) {
          for (std::size_t z = 0; z < nz; ++z) o[z * kBlock] = none;
          continue;
        }
        const double x = double(x0 + c), yy = double(y);
        int m = 0;
        for (std::size_t z = 0; z < nz; ++z) {
          const std::uint32_t u = col[z];
          if (u == kNone) continue;
          const std::uint32_t local = u - std::uint32_t(z * slice);
          // local / nx by a reciprocal, corrected to the exact quotient: a hardware division
          // per site is a large share of this pass.
          std::uint32_t fy = std::uint32_t(double(local) * invNx);
          if (fy * nx32 > local)
            --fy;
          else if ((fy + 1) * nx32 <= local)
            ++fy;
          const double dx = double(local - fy * nx32) - x, dy = double(fy) - yy;
          line.pos[m] = int(z);
          line.f[m] = w0 * dx * dx + w1 * dy * dy;
          line.seed[m] = u;
          ++m;
        }
        if (m == 0) {
          for (std::size_t z = 0; z < nz; ++z) o[z * kBlock] = none;
          continue;
        }
        Envelope env(line, m, w2);
        for (std::size_t z = 0; z < nz; ++z)
          o[z * kBlock] = emit(line, env.winner(int(z)), int(z), w2);
      }
      for (std::size_t z = 0; z < nz; ++z)
        std::memcpy(static_cast<unsigned char*>(result) + (z * slice + offset) * sizeof(Out),
                    out.data() + z * kBlock, bw * sizeof(Out));
    }
  });
}

void checkSize(const DistanceTransform::Size& n) {
  const double voxels = double(n[0]) * double(n[1]) * double(n[2]);
  if (voxels >= double(kNone))
    throw std::length_error("distance transform: grid has 2^32 - 1 voxels or more");
}

}  // namespace

template <class T>
DistanceTransform::Buffer<T>::Buffer(std::size_t n) : size_(n) {
  if (n == 0) return;
  constexpr std::size_t kHuge = std::size_t(2) << 20;
  const std::size_t bytes = n * sizeof(T);
  // Huge pages only pay off for buffers of several of them; small crops stay on the heap.
  const std::size_t align = bytes >= 4 * kHuge ? kHuge : alignof(std::max_align_t);
  void* p = std::aligned_alloc(align, (bytes + align - 1) / align * align);
  if (!p) throw std::bad_alloc();
#ifdef __linux__
  if (align == kHuge) madvise(p, (bytes + align - 1) / align * align, MADV_HUGEPAGE);
#endif
  data_.reset(static_cast<T*>(p));
}

template <class T>
void DistanceTransform::Buffer<T>::Free::operator()(T* p) const {
  std::free(p);
}

template class DistanceTransform::Buffer<std::uint8_t>;
template class DistanceTransform::Buffer<std::uint32_t>;
template class DistanceTransform::Buffer<float>;

void DistanceTransform::nearestSeedsInto(const std::uint8_t* seeds, const Size& size,
                                         const Spacing& spacing, std::uint8_t seedMask,
                                         std::uint32_t* out) {
  checkSize(size);
  if (size[0] * size[1] * size[2] == 0) return;
  passX(seeds, seedMask, out, size);
  passY(out, size, spacing);
  passZ<std::uint32_t>(out, out, size, spacing, kNone,
                       [](const Line& l, int s, int, double) { return l.seed[s]; });
}

void DistanceTransform::nearestSeedsAtInto(const std::uint8_t* seeds, const Size& size,
                                           const Spacing& spacing, std::uint8_t seedMask,
                                           std::uint8_t queryMask, std::uint32_t* out) {
  checkSize(size);
  const std::size_t nx = size[0], ny = size[1], nz = size[2], slice = nx * ny;
  if (slice * nz == 0) return;
  // Which z-lines hold a query voxel: the last pass runs on those only.
  std::vector<std::uint8_t> need(slice, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ny), [&](const auto& r) {
    for (std::size_t y = r.begin(); y != r.end(); ++y) {
      std::uint8_t* row = need.data() + y * nx;
      for (std::size_t z = 0; z < nz; ++z) {
        const std::uint8_t* s = seeds + z * slice + y * nx;
        for (std::size_t x = 0; x < nx; ++x) row[x] |= s[x] & queryMask;
      }
    }
  });
  passX(seeds, seedMask, out, size);
  passY(out, size, spacing);
  passZ<std::uint32_t>(
      out, out, size, spacing, kNone, [](const Line& l, int s, int, double) { return l.seed[s]; },
      need.data());
}

DistanceTransform::Buffer<std::uint32_t> DistanceTransform::nearestSeeds(const std::uint8_t* seeds,
                                                                         const Size& size,
                                                                         const Spacing& spacing,
                                                                         std::uint8_t seedMask) {
  checkSize(size);
  Buffer<std::uint32_t> out(size[0] * size[1] * size[2]);
  nearestSeedsInto(seeds, size, spacing, seedMask, out.data());
  return out;
}

DistanceTransform::Buffer<float> DistanceTransform::squaredDistances(const std::uint8_t* seeds,
                                                                     const Size& size,
                                                                     const Spacing& spacing,
                                                                     std::uint8_t seedMask) {
  checkSize(size);
  const std::size_t n = size[0] * size[1] * size[2];
  Buffer<float> out(n);
  if (n == 0) return out;
  // The seed indices live in the output's own storage until the last pass replaces them.
  static_assert(sizeof(float) == sizeof(std::uint32_t));
  std::uint32_t* feat = reinterpret_cast<std::uint32_t*>(static_cast<void*>(out.data()));
  passX(seeds, seedMask, feat, size);
  passY(feat, size, spacing);
  passZ<float>(feat, out.data(), size, spacing, std::numeric_limits<float>::infinity(),
               [](const Line& l, int s, int z, double w2) {
                 const double dz = double(z - l.pos[s]);
                 return float(w2 * dz * dz + l.f[s]);
               });
  return out;
}

}  // namespace seglens
