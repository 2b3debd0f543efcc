#include "widgets/ThresholdWidget.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

#include "model/MetricsModel.h"

namespace seglens {

// Dice against threshold, drawn with QPainter: 101 points need no chart library. Clicking sets
// the threshold.
class ThresholdCurvePlot : public QWidget {
 public:
  explicit ThresholdCurvePlot(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(90);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Dice against threshold; the dot is the best threshold, the line the current one. "
                  "Click to set the threshold."));
  }
  void set(const ThresholdCurve* curve, double current) {
    curve_ = curve ? *curve : ThresholdCurve{};
    hasCurve_ = curve != nullptr;
    current_ = current;
    update();
  }
  std::function<void(double)> clicked;

 protected:
  QSize sizeHint() const override { return {240, 90}; }
  void mousePressEvent(QMouseEvent* e) override {
    const QRectF r = plotRect();
    if (clicked && r.width() > 0)
      clicked(std::clamp((e->pos().x() - r.left()) / r.width(), 0.0, 1.0));
  }
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QRectF r = plotRect();
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(0, r.top() - 2, r.left() - 4, 14), Qt::AlignRight, "1");
    p.drawText(QRectF(0, r.bottom() - 12, r.left() - 4, 14), Qt::AlignRight, "0");
    p.drawText(QRectF(r.left(), r.bottom() + 1, r.width(), 14), Qt::AlignLeft, "0");
    p.drawText(QRectF(r.left(), r.bottom() + 1, r.width(), 14), Qt::AlignHCenter, tr("threshold"));
    p.drawText(QRectF(r.left(), r.bottom() + 1, r.width(), 14), Qt::AlignRight, "1");
    auto at = [&](double t, double d) { return QPointF(r.left() + t * r.width(), r.bottom() - d * r.height()); };
    if (!hasCurve_ || curve_.points.empty()) {
      p.drawText(r, Qt::AlignCenter, tr("computing Dice curve..."));
      return;
    }
    QPainterPath path;
    bool open = false;
    for (const auto& pt : curve_.points) {
      if (!pt.dice) {
        open = false;
        continue;
      }
      const QPointF q = at(pt.threshold, *pt.dice);
      if (open) path.lineTo(q);
      else path.moveTo(q);
      open = true;
    }
    p.setPen(QPen(QColor(0, 114, 178), 1.5));
    p.drawPath(path);
    p.setPen(QPen(QColor(60, 60, 60), 1, Qt::DashLine));
    p.drawLine(at(current_, 0), at(current_, 1));
    const auto& best = curve_.points[curve_.best];
    if (best.dice) {
      p.setPen(Qt::NoPen);
      p.setBrush(QColor(213, 94, 0));
      p.drawEllipse(at(best.threshold, *best.dice), 4, 4);
    }
  }

 private:
  QRectF plotRect() const { return QRectF(22, 6, width() - 30, height() - 24); }
  ThresholdCurve curve_;
  bool hasCurve_ = false;
  double current_ = 0.5;
};

ThresholdWidget::ThresholdWidget(MetricsModel& metrics, QWidget* parent)
    : QWidget(parent), metrics_(metrics) {
  setObjectName("thresholdWidget");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 4);
  title_ = new QLabel(this);
  layout->addWidget(title_);
  auto* row = new QHBoxLayout;
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName("thresholdSlider");
  slider_->setRange(0, 1000);
  spin_ = new QDoubleSpinBox(this);
  spin_->setObjectName("thresholdSpin");
  spin_->setRange(MetricsModel::kThresholdMin, MetricsModel::kThresholdMax);
  spin_->setDecimals(3);
  spin_->setSingleStep(0.01);
  spin_->setKeyboardTracking(false);
  row->addWidget(slider_, 1);
  row->addWidget(spin_);
  layout->addLayout(row);
  best_ = new QLabel(this);
  best_->setObjectName("thresholdBest");
  layout->addWidget(best_);
  plot_ = new ThresholdCurvePlot(this);
  plot_->clicked = [this](double t) { request(t); };
  layout->addWidget(plot_);
  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    if (!syncing_) request(v / 1000.0);
  });
  connect(spin_, QOverload<double>::of(&QDoubleSpinBox::valueChanged), this, [this](double v) {
    if (!syncing_) request(v);
  });
  connect(&metrics_, &MetricsModel::thresholdChanged, this, &ThresholdWidget::syncFromModel);
  syncFromModel();
}

void ThresholdWidget::request(double threshold) {
  if (const int id = metrics_.thresholdPrediction()) metrics_.setThreshold(id, threshold);
}

void ThresholdWidget::syncFromModel() {
  const int id = metrics_.thresholdPrediction();
  setVisible(id != 0);
  if (!id) return;
  syncing_ = true;
  const double t = metrics_.requestedThreshold(id).value_or(metrics_.appliedThreshold(id));
  const SegmentationLayer* layer = metrics_.viewer().layer(id);
  title_->setText(tr("<b>Threshold</b> of %1 (probability map, p &ge; t)").arg(layer->name));
  slider_->setValue(int(std::lround(t * 1000)));
  spin_->setValue(t);
  const ThresholdCurve* curve = metrics_.thresholdCurve(id);
  if (curve && !curve->points.empty() && curve->points[curve->best].dice) {
    const auto& b = curve->points[curve->best];
    best_->setText(tr("Best Dice %1 at t = %2 (label %3)")
                       .arg(*b.dice, 0, 'f', 4).arg(b.threshold, 0, 'f', 2)
                       .arg(metrics_.viewer().labelName(layer->image->probabilityLabel)));
  } else {
    best_->setText(metrics_.viewer().groundTruth() ? tr("Dice curve: computing...")
                                                   : tr("Load a ground truth for the Dice curve"));
  }
  plot_->set(curve, t);
  syncing_ = false;
}

}  // namespace seglens
