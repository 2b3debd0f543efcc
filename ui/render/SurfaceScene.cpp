#include "render/SurfaceScene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkDataArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cmath>

#include <vector>

#include "render/OverlayColors.h"
#include "model/ViewerModel.h"

namespace seglens {

namespace {

vtkSmartPointer<vtkActor> makeLineActor(vtkPoints* points, const std::vector<std::array<int, 2>>& edges,
                                        const colors::Rgb& color) {
  auto data = vtkSmartPointer<vtkPolyData>::New();
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (const auto& e : edges) {
    const vtkIdType ids[2] = {e[0], e[1]};
    lines->InsertNextCell(2, ids);
  }
  data->SetPoints(points);
  data->SetLines(lines);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(data);
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(colors::toUnit(color[0]), colors::toUnit(color[1]),
                                 colors::toUnit(color[2]));
  actor->GetProperty()->LightingOff();
  actor->SetVisibility(false);
  return actor;
}

vtkSmartPointer<vtkActor> makeSurfaceActor() {
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetScalarModeToUsePointFieldData();
  mapper->UseLookupTableScalarRangeOn();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetSpecular(0.2);
  actor->GetProperty()->SetSpecularPower(20);
  actor->SetVisibility(false);
  return actor;
}

}  // namespace

SurfaceScene::SurfaceScene(const ViewerModel& model)
    : model_(model), renderer_(vtkSmartPointer<vtkRenderer>::New()),
      gt_(makeSurfaceActor()), pred_(makeSurfaceActor()),
      outlinePoints_(vtkSmartPointer<vtkPoints>::New()),
      crossPoints_(vtkSmartPointer<vtkPoints>::New()),
      labelLut_(vtkSmartPointer<vtkLookupTable>::New()),
      membershipLut_(vtkSmartPointer<vtkLookupTable>::New()),
      distanceLut_(vtkSmartPointer<vtkLookupTable>::New()),
      colorBar_(vtkSmartPointer<vtkScalarBarActor>::New()),
      title_(vtkSmartPointer<vtkTextActor>::New()), status_(vtkSmartPointer<vtkTextActor>::New()) {
  renderer_->SetBackground(0.08, 0.08, 0.1);
  renderer_->SetBackground2(0.25, 0.25, 0.3);
  renderer_->GradientBackgroundOn();
  // The opaque prediction is drawn first, then the GT blended over it.
  renderer_->AddActor(pred_);
  renderer_->AddActor(gt_);
  // GT translucent so the prediction inside it (and FN regions sticking out) stay visible. It is
  // drawn as one translucent shell (front faces only) in the opaque pass: VTK's translucent
  // pass (order-independent transparency) took 25-50 ms of every frame in llvmpipe, and the
  // 3D view's first frame stalled the window that long while a case opened.
  gt_->GetProperty()->SetOpacity(0.35);
  gt_->GetProperty()->BackfaceCullingOn();
  gt_->ForceOpaqueOn();
  // The prediction is opaque and every surface is closed, so its back faces are never seen;
  // culling them halves the fragments llvmpipe shades (the 3D view is fill-bound there).
  pred_->GetProperty()->BackfaceCullingOn();

  outlinePoints_->SetNumberOfPoints(8);
  outline_ = makeLineActor(outlinePoints_,
                           {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7},
                            {0, 4}, {1, 5}, {2, 6}, {3, 7}},
                           {120, 120, 120});
  crossPoints_->SetNumberOfPoints(6);
  cross_ = makeLineActor(crossPoints_, {{0, 1}, {2, 3}, {4, 5}}, colors::kCrosshair);
  cross_->GetProperty()->SetLineWidth(2);
  renderer_->AddActor(outline_);
  renderer_->AddActor(cross_);

  membershipLut_->IndexedLookupOn();
  membershipLut_->SetNumberOfTableValues(2);
  const auto fp = colors::kFalsePositive, tp = colors::kTruePositive;
  membershipLut_->SetTableValue(0, colors::toUnit(fp[0]), colors::toUnit(fp[1]), colors::toUnit(fp[2]));
  membershipLut_->SetTableValue(1, colors::toUnit(tp[0]), colors::toUnit(tp[1]), colors::toUnit(tp[2]));
  membershipLut_->SetAnnotation(vtkVariant(0.0), "FP (outside GT)");
  membershipLut_->SetAnnotation(vtkVariant(1.0), "TP (inside GT)");
  // Diverging blue - white - red (Moreland's cool-warm ends): inside the GT blue, on its surface
  // white, outside red. Grey where the GT lacks the label (no distance).
  distanceLut_->SetNumberOfTableValues(256);
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0, u = std::abs(2 * t - 1);
    const double end[3] = {t < 0.5 ? 0.230 : 0.706, t < 0.5 ? 0.299 : 0.016, t < 0.5 ? 0.754 : 0.150};
    distanceLut_->SetTableValue(i, 1 + (end[0] - 1) * u, 1 + (end[1] - 1) * u, 1 + (end[2] - 1) * u, 1);
  }
  distanceLut_->SetNanColor(0.55, 0.55, 0.55, 1);
  distanceLut_->SetTableRange(-5, 5);
  colorBar_->SetLookupTable(membershipLut_);
  colorBar_->SetTitle("Prediction surface");
  colorBar_->SetOrientationToVertical();
  colorBar_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  colorBar_->GetPositionCoordinate()->SetValue(0.80, 0.1);
  colorBar_->SetWidth(0.12);
  colorBar_->SetHeight(0.3);
  colorBar_->SetMaximumWidthInPixels(140);
  colorBar_->SetMaximumHeightInPixels(260);
  colorBar_->SetBarRatio(0.3);
  colorBar_->UnconstrainedFontSizeOn();
  colorBar_->SetVisibility(false);
  renderer_->AddViewProp(colorBar_);

  for (auto* t : {title_.GetPointer(), status_.GetPointer()}) {
    t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    t->GetTextProperty()->SetColor(1, 1, 1);
    t->GetTextProperty()->SetShadow(true);
    renderer_->AddViewProp(t);
  }
  title_->GetTextProperty()->SetVerticalJustificationToTop();
  title_->GetPositionCoordinate()->SetValue(0.01, 0.99);
  status_->GetPositionCoordinate()->SetValue(0.01, 0.01);
  setFontScale(1.0);
  refreshColoring();
}

SurfaceScene::~SurfaceScene() = default;

vtkRenderer* SurfaceScene::renderer() const { return renderer_; }

void SurfaceScene::setFontScale(double scale) {
  for (auto* p : {colorBar_->GetTitleTextProperty(), colorBar_->GetAnnotationTextProperty(),
                  colorBar_->GetLabelTextProperty()}) {
    p->SetFontSize(int(std::lround(13 * scale)));
    p->ItalicOff();
    p->SetColor(1, 1, 1);
  }
  title_->GetTextProperty()->SetFontSize(int(std::lround(14 * scale)));
  status_->GetTextProperty()->SetFontSize(int(std::lround(12 * scale)));
}

vtkPolyData* SurfaceScene::gtSurface() const {
  return vtkPolyData::SafeDownCast(gt_->GetMapper()->GetInput());
}

vtkPolyData* SurfaceScene::predSurface() const {
  return vtkPolyData::SafeDownCast(pred_->GetMapper()->GetInput());
}

void SurfaceScene::setSurfaces(vtkSmartPointer<vtkPolyData> gt, vtkSmartPointer<vtkPolyData> pred) {
  auto assign = [](vtkActor* actor, vtkPolyData* data, bool show) {
    auto* mapper = vtkPolyDataMapper::SafeDownCast(actor->GetMapper());
    const bool any = data && data->GetNumberOfPoints() > 0;
    mapper->SetInputData(any ? data : vtkSmartPointer<vtkPolyData>::New().GetPointer());
    actor->SetVisibility(any && show);
  };
  assign(gt_, gt, !gtHeld_);
  assign(pred_, pred, true);
  refreshColoring();
}

void SurfaceScene::holdBackGt(bool hold) {
  gtHeld_ = hold;
  vtkPolyData* data = gtSurface();
  gt_->SetVisibility(!hold && data && data->GetNumberOfPoints() > 0);
}

void SurfaceScene::refreshColoring() {
  // One entry per label present, matched by value (indexed lookup): a table indexed by the value
  // itself would have 4e9 entries for uint32 labels near 4e9.
  std::vector<std::uint32_t> labels = model_.labels();
  labels.insert(labels.begin(), 0u);
  labelLut_->IndexedLookupOn();
  labelLut_->ResetAnnotations();
  labelLut_->SetNumberOfTableValues(vtkIdType(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto c = model_.labelColor(labels[i]);
    labelLut_->SetTableValue(vtkIdType(i), colors::toUnit(c[0]), colors::toUnit(c[1]),
                             colors::toUnit(c[2]), 1);
    // The value's type matches the surfaces' "Label" array (unsigned int).
    labelLut_->SetAnnotation(vtkVariant(static_cast<unsigned int>(labels[i])), std::to_string(labels[i]));
  }
  labelLut_->Modified();
  auto* gtMapper = gt_->GetMapper();
  gtMapper->SetLookupTable(labelLut_);
  gtMapper->SelectColorArray("Label");
  const bool membership = model_.surfaceColoring() == SurfaceColoring::Membership;
  vtkPolyData* predData = predSurface();
  vtkDataArray* distances = predData ? predData->GetPointData()->GetArray("SignedDistance") : nullptr;
  const bool distance = model_.surfaceColoring() == SurfaceColoring::SignedDistance && distances;
  // In membership and distance modes the GT is a neutral shell: only the prediction has colour.
  gtMapper->SetScalarVisibility(!membership && !distance);
  gt_->GetProperty()->SetColor(colors::toUnit(colors::kGtSurface[0]),
                               colors::toUnit(colors::kGtSurface[1]),
                               colors::toUnit(colors::kGtSurface[2]));
  auto* predMapper = pred_->GetMapper();
  if (distance) {
    // Symmetric range covering 98% of the points, so one far outlier does not wash out the rest.
    std::vector<float> magnitudes;
    magnitudes.reserve(std::size_t(distances->GetNumberOfTuples()));
    for (vtkIdType i = 0; i < distances->GetNumberOfTuples(); ++i) {
      const double d = distances->GetTuple1(i);
      if (std::isfinite(d)) magnitudes.push_back(float(std::abs(d)));
    }
    double range = 1.0;
    if (!magnitudes.empty()) {
      auto at = magnitudes.begin() + std::ptrdiff_t(0.98 * double(magnitudes.size() - 1));
      std::nth_element(magnitudes.begin(), at, magnitudes.end());
      range = std::clamp(std::ceil(double(*at) * 2) / 2, 1.0, 50.0);
    }
    distanceLut_->SetTableRange(-range, range);
    predMapper->SetLookupTable(distanceLut_);
    predMapper->SelectColorArray("SignedDistance");
    colorBar_->SetLookupTable(distanceLut_);
    colorBar_->SetTitle("Distance to GT (mm)\n+ outside, - inside");
    colorBar_->SetNumberOfLabels(5);
  } else {
    predMapper->SetLookupTable(membership ? membershipLut_ : labelLut_);
    predMapper->SelectColorArray(membership ? "Membership" : "Label");
    colorBar_->SetLookupTable(membershipLut_);
    colorBar_->SetTitle("Prediction surface");
  }
  predMapper->ScalarVisibilityOn();
  colorBar_->SetVisibility((membership || distance) && pred_->GetVisibility());
  const SegmentationLayer* p = model_.activePrediction();
  std::string title = "3D";
  if (model_.groundTruth()) title += ": GT (translucent)";
  if (p) title += std::string(model_.groundTruth() ? " + " : ": ") + p->name.toStdString();
  if (model_.selectedLabel()) title += " - " + model_.labelName(model_.selectedLabel()).toStdString();
  title_->SetInput(title.c_str());
}

void SurfaceScene::refreshBounds() {
  const Geometry* g = model_.referenceGeometry();
  outline_->SetVisibility(g != nullptr);
  if (!g) return;
  for (int c = 0; c < 8; ++c) {
    const double i = (c & 1) ? double(g->size[0]) - 0.5 : -0.5;
    const double j = (c & 2) ? double(g->size[1]) - 0.5 : -0.5;
    const double k = (c & 4) ? double(g->size[2]) - 0.5 : -0.5;
    outlinePoints_->SetPoint(c, g->indexToPhysical(i, j, k).data());
  }
  outlinePoints_->Modified();
  refreshCrosshair();
  if (!cameraSet_) resetCamera();
}

void SurfaceScene::refreshCrosshair() {
  const Geometry* g = model_.referenceGeometry();
  cross_->SetVisibility(g != nullptr);
  if (!g) return;
  double b[6];
  outlinePoints_->GetBounds(b);
  const Vec3& c = model_.crosshair();
  for (int a = 0; a < 3; ++a) {
    double p0[3] = {c[0], c[1], c[2]}, p1[3] = {c[0], c[1], c[2]};
    p0[a] = b[2 * a];
    p1[a] = b[2 * a + 1];
    crossPoints_->SetPoint(2 * a, p0);
    crossPoints_->SetPoint(2 * a + 1, p1);
  }
  crossPoints_->Modified();
}

void SurfaceScene::resetCamera() {
  const Geometry* g = model_.referenceGeometry();
  if (!g) return;
  double b[6];
  outlinePoints_->GetBounds(b);
  const double centre[3] = {(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2};
  vtkCamera* cam = renderer_->GetActiveCamera();
  cam->SetFocalPoint(centre);
  // Facing the patient (from anterior, -y in LPS) puts the patient's right on the screen's left,
  // matching radiological slices; neurological looks from behind.
  const double side = model_.convention() == Convention::Radiological ? -1.0 : 1.0;
  cam->SetPosition(centre[0], centre[1] + side * 1000, centre[2]);
  cam->SetViewUp(0, 0, 1);
  renderer_->ResetCamera(b);
  cam->Zoom(1.2);
  cameraSet_ = true;
}

void SurfaceScene::fitToSurfaces() {
  double b[6] = {1e300, -1e300, 1e300, -1e300, 1e300, -1e300};
  bool any = false;
  for (vtkPolyData* data : {gtSurface(), predSurface()}) {
    if (!data || data->GetNumberOfPoints() == 0) continue;
    double ab[6];
    data->GetBounds(ab);  // cached by SurfaceBuilder on its worker
    for (int i = 0; i < 3; ++i) b[2 * i] = std::min(b[2 * i], ab[2 * i]), b[2 * i + 1] = std::max(b[2 * i + 1], ab[2 * i + 1]);
    any = true;
  }
  if (!any) outlinePoints_->GetBounds(b);
  renderer_->ResetCamera(b);
}

void SurfaceScene::setStatus(const std::string& text) { status_->SetInput(text.c_str()); }

}  // namespace seglens
