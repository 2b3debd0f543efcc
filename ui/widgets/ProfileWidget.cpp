#include "widgets/ProfileWidget.h"

#include <QCheckBox>

#include "FigureMetrics.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>
#include <QVTKOpenGLNativeWidget.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkNew.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

#include <cmath>
#include <limits>

#include "widgets/RenderQueue.h"
#include "widgets/RenderThrottle.h"
#include "widgets/SliceView.h"

namespace seglens {

namespace {

// Okabe-Ito colours for prediction curves, in layer order.
constexpr std::array<std::uint8_t, 3> kCurveColors[] = {
    {230, 159, 0}, {86, 180, 233}, {0, 158, 115}, {204, 121, 167}, {0, 114, 178}, {213, 94, 0}};

const char* metricName(ProfileMetric m) {
  switch (m) {
    case ProfileMetric::Dice: return "Dice";
    case ProfileMetric::Jaccard: return "Jaccard";
    case ProfileMetric::F1: return "F1";
    case ProfileMetric::Counts: return "voxels";
  }
  return "";
}

}  // namespace

// Hosts the chart's renderer; a left click or drag on the plot area moves to that slice.
class ProfileChartView : public QVTKOpenGLNativeWidget {
 public:
  ProfileChartView(ProfileChart& chart, MetricsModel& metrics, QWidget* parent)
      : QVTKOpenGLNativeWidget(parent), chart_(chart), metrics_(metrics) {
    vtkNew<vtkGenericOpenGLRenderWindow> window;
    window->SetMultiSamples(0);
    setRenderWindow(window);
    window->AddRenderer(chart_.renderer());
    window->GetInteractor()->SetInteractorStyle(nullptr);
    setMinimumHeight(120);
  }
  // The current-slice marker follows scrolling at up to 10 frames/s, not at every slice step.
  void requestMarkerRender() { markerRender_.request(); }
  void requestRender() {
    RenderQueue::instance().request(this, [this] {
      if (isVisible()) renderWindow()->Render();
    });
  }
  // Slice under a widget position, -1 outside the plot area.
  int sliceAt(const QPointF& pos) const {
    const double dpr = devicePixelRatioF();
    return chart_.sliceAtDisplay(pos.x() * dpr, (height() - pos.y()) * dpr);
  }
  QPointF widgetPositionOf(int slice) const {
    const double dpr = devicePixelRatioF();
    return {chart_.displayXOfSlice(slice) / dpr, height() / 2.0};
  }

 protected:
  void mousePressEvent(QMouseEvent* e) override {
    if (e->button() != Qt::LeftButton) return;
    dragging_ = true;
    jump(e->pos());
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    if (dragging_) jump(e->pos());
  }
  void mouseReleaseEvent(QMouseEvent*) override { dragging_ = false; }
  void resizeEvent(QResizeEvent* e) override {
    QVTKOpenGLNativeWidget::resizeEvent(e);
    requestRender();
  }

 private:
  void jump(const QPointF& pos) {
    const int k = sliceAt(pos);
    if (k >= 0) metrics_.goToSlice(k);
  }
  ProfileChart& chart_;
  MetricsModel& metrics_;
  bool dragging_ = false;
  RenderThrottle markerRender_{this, 100, RenderThrottle::Mode::Throttle, [this] {
                                 if (isVisible()) renderWindow()->Render();
                               }};
};

ProfileWidget::ProfileWidget(MetricsModel& metrics, QWidget* parent)
    : QWidget(parent), metrics_(metrics), chart_(std::make_unique<ProfileChart>()) {
  setObjectName("profileWidget");
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* left = new QVBoxLayout;
  auto* controls = new QHBoxLayout;
  axis_ = new QComboBox(this);
  axis_->setObjectName("profileAxis");
  for (int a = 0; a < 3; ++a) axis_->addItem(tr(viewAxisName(ViewAxis(a))), a);
  axis_->setToolTip(tr("Slices along this view's axis (follows the last slice view clicked)"));
  metric_ = new QComboBox(this);
  metric_->setObjectName("profileMetric");
  metric_->addItem("Dice", int(ProfileMetric::Dice));
  metric_->addItem("Jaccard", int(ProfileMetric::Jaccard));
  metric_->addItem("F1", int(ProfileMetric::F1));
  metric_->addItem(tr("TP/FP/FN voxels (active)"), int(ProfileMetric::Counts));
  hint_ = new QLabel(this);
  allSlices_ = new QCheckBox(tr("All slices"), this);
  allSlices_->setObjectName("profileAllSlices");
  allSlices_->setToolTip(tr("Show every slice; off: the label's extent and five slices around it"));
  connect(allSlices_, &QCheckBox::toggled, this, [this] { rebuild(); });
  controls->addWidget(axis_);
  controls->addWidget(metric_);
  controls->addWidget(allSlices_);
  controls->addWidget(hint_, 1);
  left->addLayout(controls);
  view_ = new ProfileChartView(*chart_, metrics_, this);
  view_->setObjectName("profileChart");
  left->addWidget(view_, 1);
  layout->addLayout(left, 1);
  auto* right = new QVBoxLayout;
  right->addWidget(new QLabel(tr("Worst slices (lowest Dice)"), this));
  worst_ = new QListWidget(this);
  worst_->setObjectName("worstSlices");
  worst_->setMaximumWidth(260);
  right->addWidget(worst_, 1);
  layout->addLayout(right);

  connect(axis_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) metrics_.setProfileAxis(ViewAxis(axis_->currentData().toInt()));
  });
  connect(metric_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) metrics_.setProfileMetric(ProfileMetric(metric_->currentData().toInt()));
  });
  connect(worst_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    // From the event loop: moving the crosshair can rebuild this list inside its click signal.
    if (!item->data(Qt::UserRole).isValid()) return;  // a note, not a slice
    const WorstSlice w{item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt(), 0};
    QMetaObject::invokeMethod(this, [this, w] { metrics_.goToWorstSlice(w); }, Qt::QueuedConnection);
  });
  connect(&metrics_, &MetricsModel::profileChanged, this, &ProfileWidget::rebuild);
  connect(&metrics_, &MetricsModel::currentSliceChanged, this, [this] {
    chart_->setCurrentSlice(metrics_.currentProfileSlice());
    view_->requestMarkerRender();
  });
  connect(&metrics_.viewer(), &ViewerModel::activePredictionChanged, this, &ProfileWidget::rebuild);
  // The profile follows the slice view the user works in (it takes focus on click).
  // QPointer: focus can still change while the main window tears down its children.
  connect(qApp, &QApplication::focusChanged, this,
          [m = QPointer<MetricsModel>(&metrics_)](QWidget*, QWidget* now) {
            if (auto* view = qobject_cast<SliceView*>(now); view && m) m->setProfileAxis(view->axis());
          });
  rebuild();
}

ProfileWidget::~ProfileWidget() = default;

QWidget* ProfileWidget::chartView() const { return view_; }

ProfileData ProfileWidget::currentData() const {
  ProfileData d;
  const ProfileMetric metric = metrics_.profileMetric();
  const ViewerModel& viewer = metrics_.viewer();
  const std::uint32_t label = metrics_.profileLabel();
  d.xTitle = std::string(viewAxisName(metrics_.profileAxis())) + " slice";
  d.yTitle = metricName(metric);
  if (label) d.title = QString("%1 per %2 slice: %3 (%4)")
                           .arg(metricName(metric), QString(viewAxisName(metrics_.profileAxis())).toLower(),
                                viewer.labelName(label)).arg(label).toStdString();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (metric == ProfileMetric::Counts) {
    d.autoScaleY = true;
    for (const auto& p : metrics_.profiles()) {
      if (p.predictionId != viewer.activePredictionId()) continue;
      ProfileCurve tp{"TP " + p.name.toStdString(), {0, 114, 178}, {}},
          fp{"FP", {213, 94, 0}, {}}, fn{"FN", {200, 180, 0}, {}};
      for (const auto& s : p.slices) {
        const bool gap = s.ref == 0 && s.pred == 0;
        tp.values.push_back(gap ? nan : s.tp);
        fp.values.push_back(gap ? nan : double(s.pred - s.tp));
        fn.values.push_back(gap ? nan : double(s.ref - s.tp));
      }
      d.curves = {tp, fp, fn};
    }
    fitToLabel(d);
    return d;
  }
  std::size_t i = 0;
  for (const auto& p : metrics_.profiles()) {
    ProfileCurve c;
    c.name = p.name.toStdString();
    c.color = kCurveColors[i++ % std::size(kCurveColors)];
    for (const auto& s : p.slices)
      c.values.push_back(MetricsModel::sliceValue(s, metric).value_or(nan));
    d.curves.push_back(std::move(c));
  }
  fitToLabel(d);
  return d;
}

void ProfileWidget::fitToLabel(ProfileData& d) const {
  // The label's slices and five around them (core's valuedRange, as the exported plot does),
  // unless every slice was asked for.
  if (allSlices_->isChecked()) return;
  std::vector<std::vector<double>> values;
  for (const auto& c : d.curves) values.push_back(c.values);
  const auto [lo, hi] = valuedRange(values, 5);
  if (hi > lo) d.xView = std::make_pair(d.firstX + double(lo), d.firstX + double(hi - 1));
}

void ProfileWidget::syncControls() {
  syncing_ = true;
  axis_->setCurrentIndex(int(metrics_.profileAxis()));
  metric_->setCurrentIndex(metric_->findData(int(metrics_.profileMetric())));
  syncing_ = false;
}

void ProfileWidget::rebuild() {
  syncControls();
  const ViewerModel& viewer = metrics_.viewer();
  if (!viewer.groundTruth() || viewer.predictions().empty())
    hint_->setText(tr("Load a ground truth and a prediction"));
  else if (viewer.selectedLabel() == 0) hint_->setText(tr("Select a label to see its profile"));
  else hint_->setText(QString());
  chart_->setData(currentData());
  chart_->setCurrentSlice(metrics_.profiles().empty() ? -1 : metrics_.currentProfileSlice());
  view_->requestRender();
  worst_->clear();
  for (const WorstSlice& w : metrics_.worstSlices(15)) {
    const SegmentationLayer* p = viewer.layer(w.predictionId);
    auto* item = new QListWidgetItem(QString("slice %1  Dice %2  %3")
                                         .arg(w.slice + 1).arg(w.dice, 0, 'f', 3)
                                         .arg(p ? p->name : QString()));
    item->setData(Qt::UserRole, w.slice);
    item->setData(Qt::UserRole + 1, w.predictionId);
    item->setToolTip(tr("Show slice %1 with %2 active").arg(w.slice + 1).arg(p ? p->name : QString()));
    worst_->addItem(item);
  }
  for (int id : metrics_.absentPredictions())
    if (const SegmentationLayer* p = viewer.layer(id)) {
      auto* note = new QListWidgetItem(tr("%1: label on no slice").arg(p->name));
      note->setFlags(Qt::ItemIsEnabled);
      note->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
      worst_->addItem(note);
    }
}

}  // namespace seglens
