#pragma once
// Live thresholding of a probability-map prediction: slider and spin box re-binarise it while
// dragging (MetricsModel runs the work, latest value wins), and a small Dice-vs-threshold plot
// marks the best threshold and the current one. Hidden when no prediction is a probability map.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace seglens {

class MetricsModel;
class ThresholdCurvePlot;

class ThresholdWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ThresholdWidget(MetricsModel& metrics, QWidget* parent = nullptr);
  QSlider* slider() const { return slider_; }
  QDoubleSpinBox* spinBox() const { return spin_; }

 private:
  void syncFromModel();
  void request(double threshold);

  MetricsModel& metrics_;
  QLabel* title_;
  QSlider* slider_;
  QDoubleSpinBox* spin_;
  QLabel* best_;
  ThresholdCurvePlot* plot_;
  bool syncing_ = false;
};

}  // namespace seglens
