#include "render/SurfaceBuilder.h"

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedIntArray.h>
#include <vtkUnsignedShortArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <variant>

#include "IndexBox.h"
#include "SignedDistanceField.h"

namespace seglens {

namespace {

// Labels with fewer triangles than this are never decimated: clustering would erase them.
constexpr std::size_t kSmallLabel = 4096;

// Vertex clustering on a grid of `binSize` voxels (points are still in index space): the points
// of one label in one bin merge into their average, and triangles with two corners in the same
// bin disappear. The bin key includes the label code, so the coincident surfaces two touching
// labels have never fuse (that would mix their colours); labels in `keep` pass unchanged.
// vtkBinnedDecimation does the same without the label in the key, and logs every call.
vtkSmartPointer<vtkPolyData> cluster(vtkPolyData* mesh, const std::vector<std::uint16_t>& code,
                                     const std::vector<std::uint8_t>& keep, double binSize) {
  const vtkIdType nPoints = mesh->GetNumberOfPoints();
  std::unordered_map<std::uint64_t, vtkIdType> bins;
  bins.reserve(std::size_t(nPoints) / 4);
  std::vector<vtkIdType> newId(static_cast<std::size_t>(nPoints));
  std::vector<std::array<double, 3>> sum;
  std::vector<std::uint32_t> count;
  std::vector<std::uint16_t> outCode;
  sum.reserve(std::size_t(nPoints) / 4);
  double x[3];
  for (vtkIdType p = 0; p < nPoints; ++p) {
    mesh->GetPoint(p, x);
    const std::uint16_t c = code[std::size_t(p)];
    vtkIdType id;
    if (keep[c]) {
      id = vtkIdType(sum.size());
      sum.push_back({0, 0, 0});
      count.push_back(0);
      outCode.push_back(c);
    } else {
      // Index coordinates start just below 0 (padding, smoothing): shift before flooring.
      std::uint64_t key = c;
      for (int a = 0; a < 3; ++a)
        key = (key << 16) | (std::uint64_t(std::max(0.0, std::floor(x[a] / binSize) + 4)) & 0xffff);
      const auto [it, added] = bins.try_emplace(key, vtkIdType(sum.size()));
      id = it->second;
      if (added) {
        sum.push_back({0, 0, 0});
        count.push_back(0);
        outCode.push_back(c);
      }
    }
    newId[std::size_t(p)] = id;
    for (int a = 0; a < 3; ++a) sum[std::size_t(id)][std::size_t(a)] += x[a];
    ++count[std::size_t(id)];
  }
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToFloat();
  points->SetNumberOfPoints(vtkIdType(sum.size()));
  auto codes = vtkSmartPointer<vtkUnsignedShortArray>::New();
  codes->SetNumberOfValues(vtkIdType(sum.size()));
  for (std::size_t i = 0; i < sum.size(); ++i) {
    const double n = count[i];
    points->SetPoint(vtkIdType(i), sum[i][0] / n, sum[i][1] / n, sum[i][2] / n);
    codes->SetValue(vtkIdType(i), outCode[i]);
  }
  auto polys = vtkSmartPointer<vtkCellArray>::New();
  auto it = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
  for (it->GoToFirstCell(); !it->IsDoneWithTraversal(); it->GoToNextCell()) {
    vtkIdType n;
    const vtkIdType* ids;
    it->GetCurrentCell(n, ids);
    if (n != 3) continue;  // flying edges emits triangles only
    const vtkIdType t[3] = {newId[std::size_t(ids[0])], newId[std::size_t(ids[1])], newId[std::size_t(ids[2])]};
    if (t[0] != t[1] && t[1] != t[2] && t[0] != t[2]) polys->InsertNextCell(3, t);
  }
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(points);
  out->SetPolys(polys);
  out->GetPointData()->SetScalars(codes);
  return out;
}

// Decimates `mesh` (points in index space, point scalars = codes) to about `maxTriangles`. The
// bin size starts from the ratio of triangle counts (a smoothed voxel surface has ~2 triangles
// per voxel face; s-voxel bins keep ~1/s^2 of them) and grows until the result fits.
vtkSmartPointer<vtkPolyData> decimate(vtkPolyData* mesh, std::size_t codeCount, std::size_t maxTriangles,
                                      Progress* progress) {
  vtkDataArray* scalars = mesh->GetPointData()->GetScalars();
  const vtkIdType nPoints = mesh->GetNumberOfPoints();
  std::vector<std::uint16_t> code(static_cast<std::size_t>(nPoints));
  for (vtkIdType p = 0; p < nPoints; ++p) code[std::size_t(p)] = std::uint16_t(std::lround(scalars->GetTuple1(p)));
  // Triangles per label decide which labels are small enough to keep whole.
  std::vector<std::size_t> triangles(std::max<std::size_t>(codeCount, 65536), 0);
  auto it = vtk::TakeSmartPointer(mesh->GetPolys()->NewIterator());
  for (it->GoToFirstCell(); !it->IsDoneWithTraversal(); it->GoToNextCell()) {
    vtkIdType n;
    const vtkIdType* ids;
    it->GetCurrentCell(n, ids);
    if (n > 0) ++triangles[code[std::size_t(ids[0])]];
  }
  std::vector<std::uint8_t> keep(triangles.size());
  std::size_t kept = 0;
  for (std::size_t c = 0; c < triangles.size(); ++c)
    if ((keep[c] = triangles[c] < kSmallLabel)) kept += triangles[c];
  const double total = double(mesh->GetNumberOfPolys());
  const double room = std::max(1.0, double(maxTriangles) - double(kept));
  double binSize = std::max(1.2, std::sqrt((total - double(kept)) / room));
  vtkSmartPointer<vtkPolyData> out;
  for (int attempt = 0; attempt < 4; ++attempt) {
    checkCancelled(progress);
    out = cluster(mesh, code, keep, binSize);
    const double got = double(out->GetNumberOfPolys());
    if (got <= double(maxTriangles)) break;
    binSize *= std::max(1.05, std::sqrt((got - double(kept)) / room) * 1.02);
  }
  return out;
}


// Signed distance from every point (still in index space) to the reference's surface of the
// point's label: per label, an exact signed distance field on the box around that label in both
// images (plus a voxel), sampled trilinearly at the point.
vtkSmartPointer<vtkFloatArray> signedDistances(vtkPolyData* surface, vtkDataArray* codeArray,
                                               const LabelImage& image, const LabelImage& ref,
                                               Progress* progress) {
  const Geometry& g = image.geometry;
  const vtkIdType n = surface->GetNumberOfPoints();
  auto out = vtkSmartPointer<vtkFloatArray>::New();
  out->SetName("SignedDistance");
  out->SetNumberOfValues(n);
  out->Fill(std::numeric_limits<float>::quiet_NaN());
  if (!codeArray || n == 0) return out;
  // Points per label code, and the index box of the voxels around them.
  std::vector<std::vector<vtkIdType>> byCode(image.codeCount());
  std::vector<IndexBox> pointBox(image.codeCount());
  auto voxel = [&](double x, int a) {
    return std::size_t(std::clamp(x, 0.0, double(g.size[std::size_t(a)] - 1)));
  };
  for (vtkIdType p = 0; p < n; ++p) {
    const int c = int(std::lround(codeArray->GetTuple1(p)));
    if (c <= 0 || c >= int(image.codeCount())) continue;
    double x[3];
    surface->GetPoint(p, x);
    byCode[std::size_t(c)].push_back(p);
    pointBox[std::size_t(c)].add(voxel(std::floor(x[0]), 0), voxel(std::floor(x[1]), 1),
                                 voxel(std::floor(x[2]), 2));
    pointBox[std::size_t(c)].add(voxel(std::ceil(x[0]), 0), voxel(std::ceil(x[1]), 1),
                                 voxel(std::ceil(x[2]), 2));
  }
  const std::vector<IndexBox> refBox = codeBoxes(ref);
  checkCancelled(progress);
  const SignedDistanceField::Spacing spacing{g.spacing[0], g.spacing[1], g.spacing[2]};
  for (std::size_t c = 1; c < byCode.size(); ++c) {
    if (byCode[c].empty()) continue;
    const int rc = ref.codeOf(image.labelValues[c]);
    if (rc <= 0) continue;  // the reference lacks this label: NaN
    IndexBox box = pointBox[c];
    box.add(refBox[std::size_t(rc)]);
    // One voxel of margin, so the region's outside surrounds it inside the box.
    for (std::size_t a = 0; a < 3; ++a) {
      box.lo[a] = box.lo[a] > 0 ? box.lo[a] - 1 : 0;
      box.hi[a] = std::min(g.size[a] - 1, box.hi[a] + 1);
    }
    const SignedDistanceField::Size size{box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1,
                                         box.hi[2] - box.lo[2] + 1};
    std::vector<std::uint8_t> inside(size[0] * size[1] * size[2]);
    std::visit(
        [&](const auto& codes) {
          std::size_t o = 0;
          for (std::size_t k = 0; k < size[2]; ++k)
            for (std::size_t j = 0; j < size[1]; ++j)
              for (std::size_t i = 0; i < size[0]; ++i, ++o)
                inside[o] = codes[g.linearIndex(box.lo[0] + i, box.lo[1] + j, box.lo[2] + k)] == rc;
        },
        ref.codes);
    const auto field = SignedDistanceField::compute(inside, size, spacing);
    for (vtkIdType p : byCode[c]) {
      double x[3];
      surface->GetPoint(p, x);
      out->SetValue(p, float(field.sample(x[0] - double(box.lo[0]), x[1] - double(box.lo[1]),
                                          x[2] - double(box.lo[2]))));
    }
    checkCancelled(progress);
  }
  return out;
}

}  // namespace

vtkSmartPointer<vtkPolyData> buildSurface(const SurfaceRequest& request, Progress* progress) {
  auto empty = vtkSmartPointer<vtkPolyData>::New();
  const LabelImage& image = *request.image;
  const Geometry& g = image.geometry;
  // Which codes to extract.
  std::vector<std::uint8_t> wanted(image.codeCount(), 0);
  for (std::size_t c = 1; c < wanted.size(); ++c) {
    const std::uint32_t v = image.labelValues[c];
    wanted[c] = image.codeVoxels[c] > 0 &&
                (request.labels.empty() ||
                 std::find(request.labels.begin(), request.labels.end(), v) != request.labels.end());
  }
  // Bounding box of the wanted voxels (core's one parallel pass): flying edges then touches
  // only that block.
  checkCancelled(progress);
  const std::vector<IndexBox> boxes = codeBoxes(image);
  IndexBox wantedBox;
  for (std::size_t c = 1; c < boxes.size(); ++c)
    if (wanted[c]) wantedBox.add(boxes[c]);
  long lo[3] = {0, 0, 0}, hi[3] = {-1, -1, -1};
  if (!wantedBox.empty())
    for (int a = 0; a < 3; ++a) lo[a] = long(wantedBox.lo[a]), hi[a] = long(wantedBox.hi[a]);
  if (hi[0] < 0) return empty;
  reportProgress(progress, 0.1);
  // One voxel of background around the box so every surface closes.
  long dim[3];
  for (int a = 0; a < 3; ++a) {
    lo[a] -= 1;
    hi[a] += 1;
    dim[a] = hi[a] - lo[a] + 1;
  }
  auto block = vtkSmartPointer<vtkImageData>::New();
  block->SetDimensions(int(dim[0]), int(dim[1]), int(dim[2]));
  block->SetOrigin(double(lo[0]), double(lo[1]), double(lo[2]));  // index space
  block->SetSpacing(1, 1, 1);
  auto scalars = vtkSmartPointer<vtkUnsignedShortArray>::New();
  scalars->SetNumberOfValues(dim[0] * dim[1] * dim[2]);
  std::vector<std::uint32_t> labelsFound;
  std::vector<std::uint16_t> codeToValue(image.codeCount(), 0);
  // Labels above 65535 cannot be stored in the block; codes can, and map back below.
  for (std::size_t c = 1; c < codeToValue.size(); ++c)
    if (wanted[c]) codeToValue[c] = std::uint16_t(c), labelsFound.push_back(std::uint32_t(c));
  std::visit(
      [&](const auto& codes) {
        unsigned short* out = scalars->GetPointer(0);
        for (long k = 0; k < dim[2]; ++k)
          for (long j = 0; j < dim[1]; ++j)
            for (long i = 0; i < dim[0]; ++i, ++out) {
              const long ii = i + lo[0], jj = j + lo[1], kk = k + lo[2];
              const bool in = ii >= 0 && jj >= 0 && kk >= 0 && ii < long(g.size[0]) &&
                              jj < long(g.size[1]) && kk < long(g.size[2]);
              *out = in ? codeToValue[codes[g.linearIndex(std::size_t(ii), std::size_t(jj),
                                                          std::size_t(kk))]]
                        : 0;
            }
      },
      image.codes);
  block->GetPointData()->SetScalars(scalars);
  checkCancelled(progress);

  auto fe = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
  fe->SetInputData(block);
  fe->SetNumberOfContours(int(labelsFound.size()));
  for (std::size_t i = 0; i < labelsFound.size(); ++i) fe->SetValue(int(i), labelsFound[i]);
  fe->ComputeScalarsOn();
  fe->ComputeNormalsOff();
  fe->ComputeGradientsOff();
  fe->Update();
  checkCancelled(progress);
  reportProgress(progress, 0.4);

  vtkSmartPointer<vtkPolyData> surface = fe->GetOutput();
  if (request.smoothingIterations > 0 && surface->GetNumberOfPoints() > 0) {
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputData(surface);
    smooth->SetNumberOfIterations(request.smoothingIterations);
    smooth->SetPassBand(0.05);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    smooth->Update();
    surface = smooth->GetOutput();
  }
  checkCancelled(progress);
  reportProgress(progress, 0.7);
  const bool decimated = request.maxTriangles > 0 && surface->GetPointData()->GetScalars() &&
                         std::size_t(surface->GetNumberOfPolys()) > request.maxTriangles;
  if (decimated) surface = decimate(surface, image.codeCount(), request.maxTriangles, progress);
  checkCancelled(progress);
  reportProgress(progress, 0.8);

  vtkSmartPointer<vtkFloatArray> distances;
  if (request.signedDistanceReference)
    distances = signedDistances(surface, surface->GetPointData()->GetScalars(), image,
                                *request.signedDistanceReference, progress);
  // Index -> physical (LPS) and labels from codes, point by point.
  vtkPoints* points = surface->GetPoints();
  const vtkIdType n = surface->GetNumberOfPoints();
  vtkDataArray* codeArray = surface->GetPointData()->GetScalars();
  // Exact label values: a float cannot tell 4000000000 from 4000000001.
  auto labelArray = vtkSmartPointer<vtkUnsignedIntArray>::New();
  labelArray->SetName("Label");
  labelArray->SetNumberOfValues(n);
  auto membership = vtkSmartPointer<vtkFloatArray>::New();
  membership->SetName("Membership");
  if (request.membershipReference) membership->SetNumberOfValues(n);
  for (vtkIdType p = 0; p < n; ++p) {
    double idx[3];
    points->GetPoint(p, idx);
    const auto phys = g.indexToPhysical(idx[0], idx[1], idx[2]);
    points->SetPoint(p, phys.data());
    const int code = codeArray ? int(std::lround(codeArray->GetTuple1(p))) : 0;
    const std::uint32_t label = code > 0 && code < int(image.codeCount()) ? image.labelValues[std::size_t(code)] : 0;
    labelArray->SetValue(p, label);
    if (request.membershipReference) {
      // The point lies between voxels; vote over the 8 around it that this label owns.
      const LabelImage& ref = *request.membershipReference;
      int owned = 0, inside = 0;
      for (int c = 0; c < 8; ++c) {
        const long i = long(std::floor(idx[0])) + (c & 1), j = long(std::floor(idx[1])) + ((c >> 1) & 1),
                   k = long(std::floor(idx[2])) + ((c >> 2) & 1);
        if (i < 0 || j < 0 || k < 0 || i >= long(g.size[0]) || j >= long(g.size[1]) || k >= long(g.size[2]))
          continue;
        const std::size_t lin = g.linearIndex(std::size_t(i), std::size_t(j), std::size_t(k));
        if (image.labelAt(lin) != label) continue;
        ++owned;
        inside += ref.labelAt(lin) == label;
      }
      membership->SetValue(p, owned > 0 && 2 * inside >= owned ? 1.0f : 0.0f);
    }
    if ((p & 0xffff) == 0) checkCancelled(progress);
  }
  points->Modified();
  // Codes are internal; downstream sees label values only.
  surface->GetPointData()->Initialize();
  surface->GetPointData()->AddArray(labelArray);
  if (request.membershipReference) surface->GetPointData()->AddArray(membership);
  if (distances) surface->GetPointData()->AddArray(distances);

  auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
  normals->SetInputData(surface);
  normals->SplittingOff();
  // Flying edges orients every triangle consistently and clustering keeps that winding, except
  // where a fold collapses a thin part; re-orienting from a seed would propagate such a fold
  // over the whole label (dark, inside-out patches), so the decimated mesh keeps its winding.
  normals->SetConsistency(!decimated);
  // A reflecting direction matrix turns every triangle inside out.
  const auto& d = g.direction;
  const double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) +
                     d[2] * (d[3] * d[7] - d[4] * d[6]);
  normals->SetFlipNormals(det < 0);
  normals->Update();
  vtkSmartPointer<vtkPolyData> result = normals->GetOutput();
  double bounds[6];
  result->GetBounds(bounds);  // cached in the polydata: the camera fit reads it on the UI thread
  reportProgress(progress, 1.0);
  return result;
}

}  // namespace seglens
