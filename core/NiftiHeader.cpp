#include "NiftiHeader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <sstream>
#include <vector>

#include <vnl/algo/vnl_matrix_inverse.h>
#include <vnl/algo/vnl_svd.h>
#include <vnl/vnl_matrix.h>
#include <vnl/vnl_vector.h>

#include "InputError.h"

namespace seglens {
namespace {

template <class T>
T byteSwap(T v) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  std::reverse(b, b + sizeof(T));
  std::memcpy(&v, b, sizeof(T));
  return v;
}

// Typed access to header fields at their byte offsets, in either byte order.
class Fields {
 public:
  Fields(const std::uint8_t* bytes, bool swap) : bytes_(bytes), swap_(swap) {}
  template <class T>
  T get(std::size_t offset) const {
    T v;
    std::memcpy(&v, bytes_ + offset, sizeof(T));
    return swap_ ? byteSwap(v) : v;
  }

 private:
  const std::uint8_t* bytes_;
  bool swap_;
};

// One precision-neutral view of the fields that differ in width between NIfTI-1 and NIfTI-2.
template <class Real>
struct RawHeader {
  std::int64_t dim[8];
  Real pixdim[8];
  double voxOffset;
  Real slope, inter;
  int datatype, intentCode, xyzUnits, qformCode, sformCode;
  Real quatern[3], qoffset[3];
  Real srow[3][4];
};

template <class Real>
struct Mat44 {
  Real m[4][4] = {};
};

// niftilib's nifti_quatern_to_mat44, operation for operation: its long double literals make
// some products round through 80-bit precision, and the result must match ITK to the last bit.
template <class Real>
Mat44<Real> quaternToMatrix(Real qb, Real qc, Real qd, Real qx, Real qy, Real qz, Real dx, Real dy,
                            Real dz, Real qfac) {
  Mat44<Real> r;
  r.m[3][3] = 1;
  double a, b = qb, c = qc, d = qd;
  a = static_cast<double>(1.0L - static_cast<long double>(b * b + c * c + d * d));
  if (a < 1.e-7L) {
    a = static_cast<double>(1.0L / static_cast<long double>(std::sqrt(b * b + c * c + d * d)));
    b *= a;
    c *= a;
    d *= a;
    a = 0.0;
  } else {
    a = std::sqrt(a);
  }
  const double xd = dx > 0.0 ? static_cast<double>(dx) : 1.0;
  const double yd = dy > 0.0 ? static_cast<double>(dy) : 1.0;
  double zd = dz > 0.0 ? static_cast<double>(dz) : 1.0;
  if (qfac < 0.0) zd = -zd;
  const long double two = 2.0L;
  r.m[0][0] = static_cast<Real>((a * a + b * b - c * c - d * d) * xd);
  r.m[0][1] = static_cast<Real>(two * static_cast<long double>(b * c - a * d) * yd);
  r.m[0][2] = static_cast<Real>(two * static_cast<long double>(b * d + a * c) * zd);
  r.m[1][0] = static_cast<Real>(two * static_cast<long double>(b * c + a * d) * xd);
  r.m[1][1] = static_cast<Real>((a * a + c * c - b * b - d * d) * yd);
  r.m[1][2] = static_cast<Real>(two * static_cast<long double>(c * d - a * b) * zd);
  r.m[2][0] = static_cast<Real>(two * static_cast<long double>(b * d - a * c) * xd);
  r.m[2][1] = static_cast<Real>(two * static_cast<long double>(c * d + a * b) * yd);
  r.m[2][2] = static_cast<Real>((a * a + d * d - c * c - b * b) * zd);
  r.m[0][3] = qx;
  r.m[1][3] = qy;
  r.m[2][3] = qz;
  return r;
}

// ITK's conversion of a NIfTI (RAS) matrix to an LPS origin and unit direction columns.
template <class Real>
void applyMatrix(const Mat44<Real>& mat, Geometry& g) {
  g.origin = {-static_cast<double>(mat.m[0][3]), -static_cast<double>(mat.m[1][3]),
              static_cast<double>(mat.m[2][3])};
  for (int c = 0; c < 3; ++c) {
    double v[3] = {-static_cast<double>(mat.m[0][c]), -static_cast<double>(mat.m[1][c]),
                   static_cast<double>(mat.m[2][c])};
    double sum = 0.0;
    for (double x : v) sum += x * x;
    if (sum != 0.0) {
      sum = std::sqrt(sum);
      for (double& x : v) x = x / sum;
    }
    for (int r = 0; r < 3; ++r) g.direction[r * 3 + c] = v[r];
  }
}

// Three-valued logic: near one of ITK's tolerances a float computation we cannot replicate may
// land either way, so such comparisons answer Maybe.
enum class Tri { No, Yes, Maybe };

Tri both(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No) return Tri::No;
  if (a == Tri::Yes && b == Tri::Yes) return Tri::Yes;
  return Tri::Maybe;
}

// value <= tolerance, with a margin of 10x either side unless `exact`.
Tri within(double value, double tolerance, bool exact) {
  if (exact) return value <= tolerance ? Tri::Yes : Tri::No;
  if (value <= tolerance / 10) return Tri::Yes;
  if (value > tolerance * 10) return Tri::No;
  return Tri::Maybe;
}

enum class Choice { Sform, Qform, Fail };

template <class Real>
double columnNorm(const Mat44<Real>& a, int c) {
  double s = 0;
  for (int r = 0; r < 3; ++r) s += double(a.m[r][c]) * double(a.m[r][c]);
  return std::sqrt(s);
}

template <class Real>
double det3(const Mat44<Real>& a) {
  const auto& m = a.m;
  return double(m[0][0]) * (double(m[1][1]) * m[2][2] - double(m[1][2]) * m[2][1]) -
         double(m[0][1]) * (double(m[1][0]) * m[2][2] - double(m[1][2]) * m[2][0]) +
         double(m[0][2]) * (double(m[1][0]) * m[2][1] - double(m[1][1]) * m[2][0]);
}

// The inputs to ITK 5.2's qform/sform precedence (SetImageIOOrientationFromNIfTI).
template <class Real>
struct Precedence {
  int qformCode = 0, sformCode = 0;
  Mat44<Real> q, s;
  Real spacing[3] = {1, 1, 1};  // pixdim after niftilib's fixes
  bool exact = false;  // NIfTI-2: no ITK 5.2 reference, decide in double without margins

  // "qform and sform nearly equal element by element".
  Tri similar() const {
    double rot = 0, col = 0, row = 0;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) rot = std::max(rot, double(std::abs(Real(s.m[r][c] - q.m[r][c]))));
    for (int i = 0; i < 4; ++i) {
      col += std::abs(Real(s.m[i][3] - q.m[i][3]));
      row += std::abs(Real(s.m[3][i] - q.m[3][i]));
    }
    return both(within(rot, 1e-5, exact), both(within(col, 1e-7, exact), within(row, 1e-7, exact)));
  }

  // ITK's IsAffine(sform) && sform scales match pixdim && normalised sform columns orthonormal
  // (measured on ITK 5.2.1: a mismatched scale makes it ignore the sform).
  Tri decomposable() const {
    if (sformCode <= 0) return Tri::No;  // sto_xyz is all zeros: the bottom-row test fails
    double norms[3] = {columnNorm(s, 0), columnNorm(s, 1), columnNorm(s, 2)};
    const double minNorm = std::min({norms[0], norms[1], norms[2]});
    if (minNorm == 0 || std::abs(det3(s)) <= 1e-12 * norms[0] * norms[1] * norms[2]) return Tri::No;
    Tri affine = exact ? Tri::Yes : itkIsAffine();
    // ITK 5.2 also refuses an sform whose column lengths disagree with pixdim (by > 1e-3).
    double scaleError = 0;
    for (int c = 0; c < 3; ++c) scaleError = std::max(scaleError, std::abs(double(spacing[c]) - norms[c]));
    affine = both(affine, within(scaleError, 1e-3, exact));
    double unit[3][3];
    for (int c = 0; c < 3; ++c)
      for (int r = 0; r < 3; ++r) unit[r][c] = s.m[r][c] / norms[c];
    double worst = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        double dot = 0;
        for (int k = 0; k < 3; ++k) dot += unit[i][k] * unit[j][k];
        worst = std::max(worst, std::abs(dot - (i == j ? 1.0 : 0.0)));
      }
    return both(affine, within(worst, 1e-4, exact));
  }

  // ITK 5.2's IsAffine(sto_xyz), with the same vnl float SVD inversions it uses: their rounding
  // decides the outcome for ordinary headers (an axis-aligned 0.3 mm sform with offsets near
  // 60 mm fails, the same with integer offsets passes), so only the same arithmetic reproduces it.
  Tri itkIsAffine() const {
    vnl_matrix<float> mat(4, 4);
    for (unsigned r = 0; r < 4; ++r)
      for (unsigned c = 0; c < 4; ++c) mat(r, c) = static_cast<float>(s.m[r][c]);
    const float eps = std::numeric_limits<float>::epsilon();
    const float condition = vnl_matrix_inverse<float>(mat).well_condition();
    if (!(condition > eps)) return condition > eps / 2 ? Tri::Maybe : Tri::No;
    const vnl_matrix<float> inv4 = vnl_matrix_inverse<float>(mat).as_matrix();
    const vnl_matrix<float> top = mat.extract(3, 3, 0, 0);
    const vnl_matrix<float> invTop = vnl_matrix_inverse<float>(top).as_matrix();
    vnl_vector<float> offset(3), inv4Offset(3);
    for (unsigned r = 0; r < 3; ++r) {
      offset[r] = mat(r, 3);
      inv4Offset[r] = inv4(r, 3);
    }
    const vnl_vector<float> inv3Offset = -(invTop * offset);
    const float matrixDiff = (inv4.extract(3, 3, 0, 0) - invTop).array_one_norm();
    const float offsetDiff = (inv4Offset - inv3Offset).one_norm();
    // A margin of 2 either side guards against our float rounding differing in the last bits.
    const double worst = std::max(matrixDiff, offsetDiff);
    if (worst <= 0.5e-2) return Tri::Yes;
    if (worst > 2e-2) return Tri::No;
    return Tri::Maybe;
  }

  // ITK's "sform and qform very similar": offsets, and the singular values and left singular
  // vectors of the two 3x3 parts (float SVDs, as ITK computes them).
  Tri verySimilar() const {
    double offsets = 0;
    for (int r = 0; r < 3; ++r) offsets = std::max(offsets, std::abs(double(s.m[r][3]) - q.m[r][3]));
    double sn[3], qn[3];
    for (int c = 0; c < 3; ++c) {
      sn[c] = columnNorm(s, c);
      qn[c] = columnNorm(q, c);
    }
    std::sort(sn, sn + 3);
    std::sort(qn, qn + 3);
    double scales = 0;
    for (int c = 0; c < 3; ++c) scales = std::max(scales, std::abs(sn[c] - qn[c]));
    Tri rot;
    if (exact) {
      double rotation = 0;
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
          rotation = std::max(rotation, std::abs(s.m[r][c] / columnNorm(s, c) - q.m[r][c] / columnNorm(q, c)));
      rot = within(rotation, 1e-4, true);
    } else {
      // As ITK: U_s * inverse(U_q) from float SVDs of the two 3x3 parts should be the identity.
      vnl_matrix<float> s3(3, 3), q3(3, 3);
      for (unsigned r = 0; r < 3; ++r)
        for (unsigned c = 0; c < 3; ++c) {
          s3(r, c) = static_cast<float>(s.m[r][c]);
          q3(r, c) = static_cast<float>(q.m[r][c]);
        }
      const vnl_svd<float> sSvd(s3), qSvd(q3);
      const vnl_matrix<float> candidate = sSvd.U() * vnl_matrix_inverse<float>(qSvd.U()).as_matrix();
      double worst = 0;
      for (unsigned r = 0; r < 3; ++r)
        for (unsigned c = 0; c < 3; ++c)
          worst = std::max(worst, std::abs(double(candidate(r, c)) - (r == c ? 1.0 : 0.0)));
      rot = within(worst, 1e-4, false);
      scales = 0;
      for (unsigned i = 0; i < 3; ++i)
        scales = std::max(scales, std::abs(double(sSvd.W()(i, i)) - double(qSvd.W()(i, i))));
    }
    return both(both(within(offsets, 1e-4, exact), within(scales, 1e-4, exact)), rot);
  }

  Choice choose(bool isSimilar, bool isDecomposable, bool isVerySimilar) const {
    bool preferSform = isSimilar;
    if ((!preferSform || sformCode > 0) && isDecomposable) {
      if (qformCode <= 0 && sformCode > 0) preferSform = true;
      else if (sformCode == 1) preferSform = true;  // NIFTI_XFORM_SCANNER_ANAT
      else if (qformCode > 0 && sformCode > 0) preferSform = isVerySimilar;
    }
    if (preferSform) return Choice::Sform;
    return qformCode > 0 ? Choice::Qform : Choice::Fail;
  }

  // Every outcome the uncertain predicates allow.
  std::set<Choice> outcomes() const {
    Tri t[3] = {similar(), decomposable(), Tri::No};
    // Only consulted for two known codes other than scanner-anatomical: skip the SVDs otherwise.
    if (qformCode > 0 && sformCode > 1 && t[1] != Tri::No) t[2] = verySimilar();
    std::set<Choice> out;
    for (int mask = 0; mask < 8; ++mask) {
      bool v[3];
      bool possible = true;
      for (int i = 0; i < 3; ++i) {
        v[i] = (mask >> i) & 1;
        if ((t[i] == Tri::Yes && !v[i]) || (t[i] == Tri::No && v[i])) possible = false;
      }
      if (possible) out.insert(choose(v[0], v[1], v[2]));
    }
    return out;
  }
};

bool sameGeometry(const Geometry& a, const Geometry& b) {
  return a.origin == b.origin && a.direction == b.direction;
}

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

template <class Real>
void finishHeader(const std::string& path, const RawHeader<Real>& raw, NiftiHeader& h) {
  const auto fail = [&](const std::string& why) { throw InputError(path, why); };
  const std::int64_t ndim = raw.dim[0];
  if (ndim < 1 || ndim > 7) fail("corrupt NIfTI header: dim[0] is " + std::to_string(ndim));
  for (int i = 1; i <= ndim; ++i)
    if (raw.dim[i] <= 0)
      fail("corrupt NIfTI header: dimension " + std::to_string(i) + " has size " +
           std::to_string(raw.dim[i]));
  // Voxel count, refusing sizes no file could hold before anything is allocated.
  constexpr std::uint64_t kLimit = std::uint64_t(1) << 48;
  std::uint64_t count = 1;
  for (int i = 1; i <= ndim; ++i) {
    const auto d = static_cast<std::uint64_t>(raw.dim[i]);
    if (d > kLimit || count > kLimit / d)
      fail("corrupt NIfTI header: dimensions multiply to more than 2^48 voxels");
    count *= d;
  }

  switch (raw.datatype) {
    case NiftiHeader::kUInt8: case NiftiHeader::kInt8: h.bytesPerVoxel = 1; break;
    case NiftiHeader::kInt16: case NiftiHeader::kUInt16: h.bytesPerVoxel = 2; break;
    case NiftiHeader::kInt32: case NiftiHeader::kUInt32: case NiftiHeader::kFloat32:
      h.bytesPerVoxel = 4; break;
    case NiftiHeader::kInt64: case NiftiHeader::kUInt64: case NiftiHeader::kFloat64:
      h.bytesPerVoxel = 8; break;
    case 32: case 128: case 1536: case 1792: case 2048: case 2304:  // complex, RGB, float128
      h.unsupported = "NIfTI datatype " + std::to_string(raw.datatype);
      break;
    default: fail("corrupt NIfTI header: unknown datatype " + std::to_string(raw.datatype));
  }
  h.datatype = raw.datatype;
  if (count * std::max<std::size_t>(h.bytesPerVoxel, 1) > kLimit)
    fail("corrupt NIfTI header: declares more than 256 TiB of voxel data");

  for (int i = 1; i <= 3 && i <= ndim; ++i) {
    if (!std::isfinite(raw.pixdim[i]))
      fail("corrupt NIfTI header: pixdim[" + std::to_string(i) + "] is not a finite number");
    if (raw.pixdim[i] < 0)
      fail("corrupt NIfTI header: negative voxel spacing pixdim[" + std::to_string(i) +
           "] = " + number(raw.pixdim[i]));
  }
  if (!std::isfinite(raw.voxOffset) || raw.voxOffset < 0 || raw.voxOffset > 2147483647.0)
    fail("corrupt NIfTI header: vox_offset " + number(raw.voxOffset));
  // Beyond these bounds (a million kilometres, a nanometre voxel) a header is garbage, and the
  // float SVDs that decide qform/sform precedence would overflow.
  constexpr double kFar = 1e9, kTiny = 1e-9;
  for (int i = 1; i <= 3 && i <= ndim; ++i)
    if (raw.pixdim[i] > kFar || (raw.pixdim[i] != 0 && raw.pixdim[i] < kTiny))
      fail("corrupt NIfTI header: absurd voxel spacing pixdim[" + std::to_string(i) + "] = " +
           number(raw.pixdim[i]));
  if (raw.qformCode > 0) {
    for (int i = 0; i < 3; ++i) {
      if (!std::isfinite(raw.quatern[i]) || !std::isfinite(raw.qoffset[i]))
        fail("corrupt NIfTI header: qform holds a NaN or infinite value");
      if (std::abs(raw.quatern[i]) > kFar || std::abs(raw.qoffset[i]) > kFar)
        fail("corrupt NIfTI header: absurd qform values");
    }
  }
  if (raw.sformCode > 0) {
    for (const auto& row : raw.srow)
      for (Real v : row) {
        if (!std::isfinite(v)) fail("corrupt NIfTI header: sform holds a NaN or infinite value");
        if (std::abs(v) > kFar) fail("corrupt NIfTI header: absurd sform values");
      }
  }

  // Valid but not ours: let ITK read it (or reject it with its own message).
  if (ndim < 3) h.unsupported = std::to_string(ndim) + "-D image";
  for (int i = 4; i <= ndim; ++i)
    if (raw.dim[i] > 1) h.unsupported = "more than one volume";
  if (raw.intentCode == 1004 || raw.intentCode == 1005 || raw.intentCode == 1007)
    h.unsupported = "matrix or vector intent code " + std::to_string(raw.intentCode);
  if (!h.unsupported.empty()) return;

  // niftilib: non-finite scaling counts as absent; ITK: slope 0 means 1.
  const double slope = std::isfinite(raw.slope) ? double(raw.slope) : 0.0;
  const double inter = std::isfinite(raw.inter) ? double(raw.inter) : 0.0;
  h.slope = std::abs(slope) < std::numeric_limits<double>::epsilon() ? 1.0 : slope;
  h.intercept = inter;
  constexpr double eps = std::numeric_limits<double>::epsilon();
  h.rescale = std::abs(h.slope) > eps && (std::abs(h.slope - 1.0) > eps || std::abs(h.intercept) > eps);

  // niftilib clamps a one-file header's data offset to the header size.
  const std::uint64_t headerBytes = h.version == 1 ? NiftiHeader::kNifti1Size : NiftiHeader::kNifti2Size;
  h.voxOffset = std::max<std::uint64_t>(static_cast<std::uint64_t>(raw.voxOffset), headerBytes);

  // Spacing: niftilib replaces a zero pixdim by 1; ITK scales by the spatial unit.
  Real d[3];
  for (int i = 0; i < 3; ++i) d[i] = raw.pixdim[i + 1] == 0 ? Real(1) : raw.pixdim[i + 1];
  double unitScale = 1.0;
  switch (raw.xyzUnits & 0x07) {
    case 1: unitScale = 1e3; break;   // metre
    case 3: unitScale = 1e-3; break;  // micron
    default: break;
  }
  Geometry& g = h.geometry;
  for (int i = 0; i < 3; ++i) {
    g.size[i] = static_cast<std::size_t>(raw.dim[i + 1]);
    g.spacing[i] = d[i] * unitScale;
  }
  if (raw.qformCode <= 0 && raw.sformCode <= 0) return;  // identity direction, zero origin

  Precedence<Real> p;
  p.exact = h.version == 2;
  p.qformCode = raw.qformCode;
  p.sformCode = raw.sformCode;
  for (int i = 0; i < 3; ++i) p.spacing[i] = d[i];
  if (raw.qformCode > 0) {
    const Real qfac = raw.pixdim[0] < 0 ? Real(-1) : Real(1);
    p.q = quaternToMatrix<Real>(raw.quatern[0], raw.quatern[1], raw.quatern[2], raw.qoffset[0],
                                raw.qoffset[1], raw.qoffset[2], d[0], d[1], d[2], qfac);
  } else {
    p.q.m[0][0] = d[0];
    p.q.m[1][1] = d[1];
    p.q.m[2][2] = d[2];
    p.q.m[3][3] = 1;
  }
  if (raw.sformCode > 0) {
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) p.s.m[r][c] = raw.srow[r][c];
    p.s.m[3][3] = 1;
  }
  Geometry fromS = g, fromQ = g;
  applyMatrix(p.s, fromS);
  applyMatrix(p.q, fromQ);
  const std::set<Choice> outcomes = p.outcomes();
  const bool onlyS = outcomes == std::set<Choice>{Choice::Sform};
  const bool onlyQ = outcomes == std::set<Choice>{Choice::Qform};
  const bool eitherSame = !outcomes.count(Choice::Fail) && sameGeometry(fromS, fromQ);
  if (onlyS || eitherSame) {
    g = fromS;
  } else if (onlyQ) {
    g = fromQ;
  } else if (outcomes == std::set<Choice>{Choice::Fail}) {
    h.unsupported = "no orthonormal qform or sform";
  } else {
    h.unsupported = "qform/sform precedence too close to ITK's tolerances to reproduce";
  }
}

}  // namespace

bool NiftiHeader::isSigned() const {
  return datatype == kInt8 || datatype == kInt16 || datatype == kInt32 || datatype == kInt64;
}

std::size_t NiftiHeader::headerSize(const std::uint8_t* bytes, std::size_t size) {
  if (size < 4) return 0;
  std::int32_t n;
  std::memcpy(&n, bytes, 4);
  for (std::int32_t v : {n, byteSwap(n)}) {
    if (v == static_cast<std::int32_t>(kNifti1Size)) return kNifti1Size;
    if (v == static_cast<std::int32_t>(kNifti2Size)) return kNifti2Size;
  }
  return 0;
}

NiftiHeader NiftiHeader::parse(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
  const std::size_t need = headerSize(bytes, size);
  if (need == 0) throw InputError(path, "not a NIfTI file (no NIfTI-1 or NIfTI-2 header)");
  if (size < need) throw InputError(path, "truncated NIfTI header");
  std::int32_t first;
  std::memcpy(&first, bytes, 4);
  NiftiHeader h;
  h.byteSwapped = first != static_cast<std::int32_t>(need);
  const Fields f(bytes, h.byteSwapped);
  if (need == kNifti1Size) {
    h.version = 1;
    if (std::memcmp(bytes + 344, "n+1\0", 4) != 0) {
      // Analyze 7.5 or a two-file ("ni1") header under a .nii name: ITK's business.
      h.unsupported = "not a single-file NIfTI-1 header";
      return h;
    }
    RawHeader<float> raw{};
    for (int i = 0; i < 8; ++i) raw.dim[i] = f.get<std::int16_t>(40 + 2 * i);
    for (int i = 0; i < 8; ++i) raw.pixdim[i] = f.get<float>(76 + 4 * i);
    raw.intentCode = f.get<std::int16_t>(68);
    raw.datatype = f.get<std::int16_t>(70);
    raw.voxOffset = f.get<float>(108);
    raw.slope = f.get<float>(112);
    raw.inter = f.get<float>(116);
    raw.xyzUnits = bytes[123];
    raw.qformCode = f.get<std::int16_t>(252);
    raw.sformCode = f.get<std::int16_t>(254);
    for (int i = 0; i < 3; ++i) raw.quatern[i] = f.get<float>(256 + 4 * i);
    for (int i = 0; i < 3; ++i) raw.qoffset[i] = f.get<float>(268 + 4 * i);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) raw.srow[r][c] = f.get<float>(280 + 16 * r + 4 * c);
    finishHeader(path, raw, h);
  } else {
    h.version = 2;
    if (std::memcmp(bytes + 4, "n+2\0\r\n\032\n", 8) != 0) {
      h.unsupported = "not a single-file NIfTI-2 header";
      return h;
    }
    RawHeader<double> raw{};
    for (int i = 0; i < 8; ++i) raw.dim[i] = f.get<std::int64_t>(16 + 8 * i);
    for (int i = 0; i < 8; ++i) raw.pixdim[i] = f.get<double>(104 + 8 * i);
    raw.datatype = f.get<std::int16_t>(12);
    const std::int64_t off = f.get<std::int64_t>(168);
    raw.voxOffset = static_cast<double>(off);
    raw.slope = f.get<double>(176);
    raw.inter = f.get<double>(184);
    raw.qformCode = f.get<std::int32_t>(344);
    raw.sformCode = f.get<std::int32_t>(348);
    for (int i = 0; i < 3; ++i) raw.quatern[i] = f.get<double>(352 + 8 * i);
    for (int i = 0; i < 3; ++i) raw.qoffset[i] = f.get<double>(376 + 8 * i);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) raw.srow[r][c] = f.get<double>(400 + 32 * r + 8 * c);
    raw.xyzUnits = f.get<std::int32_t>(500);
    raw.intentCode = f.get<std::int32_t>(504);
    finishHeader(path, raw, h);
  }
  return h;
}

}  // namespace seglens
