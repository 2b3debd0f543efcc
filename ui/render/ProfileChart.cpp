#include "render/ProfileChart.h"

#include <vtkAxis.h>
#include <vtkBrush.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace seglens {

namespace {

vtkSmartPointer<vtkDoubleArray> column(const char* name, std::size_t n) {
  auto a = vtkSmartPointer<vtkDoubleArray>::New();
  a->SetName(name);
  a->SetNumberOfTuples(vtkIdType(n));
  return a;
}

// y range of the data: fixed for scores, 0..max for counts (with headroom for the legend).
std::pair<double, double> yRange(const ProfileData& d) {
  // Scores keep a margin: a Dice of exactly 1 or 0 must not disappear into the frame.
  if (!d.autoScaleY) {
    const double pad = 0.05 * (d.yMax - d.yMin);
    return {d.yMin - pad, d.yMax + pad};
  }
  double hi = 0;
  for (const auto& c : d.curves)
    for (double v : c.values)
      if (std::isfinite(v)) hi = std::max(hi, v);
  return {0.0, hi > 0 ? hi * 1.15 : 1.0};
}

}  // namespace

ProfileChart::ProfileChart()
    : renderer_(vtkSmartPointer<vtkRenderer>::New()),
      actor_(vtkSmartPointer<vtkContextActor>::New()),
      chart_(vtkSmartPointer<vtkChartXY>::New()), marker_(vtkSmartPointer<vtkTable>::New()) {
  renderer_->SetBackground(1, 1, 1);
  actor_->GetScene()->AddItem(chart_);
  renderer_->AddActor(actor_);
  // Clicks are handled by the host (jump to slice); the chart must not pan or zoom on its own.
  chart_->SetActionToButton(vtkChart::PAN, -1);
  chart_->SetActionToButton(vtkChart::ZOOM, -1);
  chart_->SetActionToButton(vtkChart::SELECT, -1);
  chart_->SetShowLegend(true);
  chart_->GetLegend()->SetInline(true);
  chart_->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
  chart_->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
  chart_->GetLegend()->GetBrush()->SetColor(255, 255, 255, 200);
  for (int a : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {
    vtkAxis* axis = chart_->GetAxis(a);
    axis->SetBehavior(vtkAxis::FIXED);
    axis->SetGridVisible(a == vtkAxis::LEFT);
  }
  marker_->AddColumn(column("x", 2));
  marker_->AddColumn(column("y", 2));
  setFontScale(1.0);
  rebuildPlots();
}

ProfileChart::~ProfileChart() = default;

vtkRenderer* ProfileChart::renderer() const { return renderer_; }

void ProfileChart::setFontScale(double scale) {
  fontScale_ = scale;
  for (int a : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {
    vtkAxis* axis = chart_->GetAxis(a);
    axis->GetTitleProperties()->SetFontSize(int(std::lround(12 * scale)));
    axis->GetLabelProperties()->SetFontSize(int(std::lround(11 * scale)));
  }
  chart_->GetLegend()->SetLabelSize(int(std::lround(11 * scale)));
  chart_->GetTitleProperties()->SetFontSize(int(std::lround(12 * scale)));
}

void ProfileChart::setData(const ProfileData& data) {
  data_ = data;
  if (current_ >= 0 && !data_.curves.empty() &&
      current_ >= int(data_.curves.front().values.size()))
    current_ = -1;
  rebuildPlots();
}

void ProfileChart::setCurrentSlice(int index) {
  if (index == current_) return;
  current_ = index;
  updateMarker();
}

void ProfileChart::rebuildPlots() {
  chart_->ClearPlots();
  chart_->SetTitle(data_.title);
  std::size_t n = 0;
  for (const auto& c : data_.curves) n = std::max(n, c.values.size());
  vtkAxis* x = chart_->GetAxis(vtkAxis::BOTTOM);
  vtkAxis* y = chart_->GetAxis(vtkAxis::LEFT);
  x->SetTitle(data_.xTitle);
  y->SetTitle(data_.yTitle);
  double x0 = data_.firstX - 0.5, x1 = data_.firstX + double(std::max<std::size_t>(n, 1)) - 0.5;
  if (data_.xView) x0 = data_.xView->first - 0.5, x1 = data_.xView->second + 0.5;
  x->SetRange(x0, x1);
  const auto [lo, hi] = yRange(data_);
  y->SetRange(lo, hi);
  for (const auto& c : data_.curves) {
    // One table per curve: vtkPlotLine breaks its polyline at NaN values, which is the gap.
    vtkNew<vtkTable> table;
    auto xs = column("slice", c.values.size());
    auto ys = column(c.name.empty() ? "value" : c.name.c_str(), c.values.size());
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      xs->SetValue(vtkIdType(i), data_.firstX + double(i));
      ys->SetValue(vtkIdType(i), c.values[i]);
    }
    table->AddColumn(xs);
    table->AddColumn(ys);
    vtkPlot* plot = chart_->AddPlot(vtkChart::LINE);
    plot->SetInputData(table, 0, 1);
    plot->SetColor(c.color[0], c.color[1], c.color[2], 255);
    plot->SetWidth(float(1.5 * fontScale_));
    if (c.dashed) plot->GetPen()->SetLineType(vtkPen::DASH_LINE);
    plot->SetLabel(c.name);
  }
  vtkPlot* marker = chart_->AddPlot(vtkChart::LINE);
  marker->SetInputData(marker_, 0, 1);
  marker->SetColor(40, 40, 40, 255);
  marker->SetWidth(float(1.0 * fontScale_));
  marker->GetPen()->SetLineType(vtkPen::DASH_LINE);
  marker->SetLabel("current slice");
  updateMarker();
}

void ProfileChart::updateMarker() {
  const auto [lo, hi] = yRange(data_);
  auto* xs = vtkDoubleArray::SafeDownCast(marker_->GetColumn(0));
  auto* ys = vtkDoubleArray::SafeDownCast(marker_->GetColumn(1));
  // Outside the axis range when hidden: the fixed axes clip it away.
  const double x = current_ >= 0 ? data_.firstX + current_ : data_.firstX - 1e6;
  xs->SetValue(0, x);
  xs->SetValue(1, x);
  ys->SetValue(0, lo);
  ys->SetValue(1, hi);
  marker_->Modified();
  // The marker is the last plot: hide it from the legend by leaving it out when absent.
  if (vtkPlot* m = chart_->GetPlot(chart_->GetNumberOfPlots() - 1)) m->SetVisible(current_ >= 0);
  chart_->Modified();
}

int ProfileChart::sliceAtDisplay(double px, double py) const {
  std::size_t n = 0;
  for (const auto& c : data_.curves) n = std::max(n, c.values.size());
  if (n == 0) return -1;
  const int* p1 = chart_->GetPoint1();
  const int* p2 = chart_->GetPoint2();
  const int* origin = renderer_->GetOrigin();
  const double x = px - origin[0], y = py - origin[1];
  if (p2[0] <= p1[0] || x < p1[0] || x > p2[0] || y < p1[1] || y > p2[1]) return -1;
  vtkAxis* axis = chart_->GetAxis(vtkAxis::BOTTOM);
  const double v = axis->GetMinimum() +
                   (x - p1[0]) / double(p2[0] - p1[0]) * (axis->GetMaximum() - axis->GetMinimum());
  const long index = std::lround(v - data_.firstX);
  return int(std::clamp<long>(index, 0, long(n) - 1));
}

double ProfileChart::displayXOfSlice(int index) const {
  const int* p1 = chart_->GetPoint1();
  const int* p2 = chart_->GetPoint2();
  vtkAxis* axis = chart_->GetAxis(vtkAxis::BOTTOM);
  const double span = axis->GetMaximum() - axis->GetMinimum();
  if (span <= 0) return 0;
  return renderer_->GetOrigin()[0] + p1[0] +
         (data_.firstX + index - axis->GetMinimum()) / span * double(p2[0] - p1[0]);
}

bool ProfileChart::renderToPng(const std::string& path, int width, int height) const {
  if (width <= 0 || height <= 0) return false;
  // Checked up front: vtkPNGWriter only reports failure through the error log.
  if (!std::ofstream(path, std::ios::binary)) return false;
  ProfileChart copy;
  copy.setFontScale(fontScale_ * std::max(1.0, height / 250.0));
  copy.setData(data_);
  copy.setCurrentSlice(current_);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(width, height);
  window->AddRenderer(copy.renderer());
  window->Render();
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkNew<vtkPNGWriter> writer;
  writer->SetFileName(path.c_str());
  writer->SetInputConnection(grab->GetOutputPort());
  writer->Write();
  window->RemoveRenderer(copy.renderer());
  return writer->GetErrorCode() == 0;
}

}  // namespace seglens
