#pragma once
// The per-slice profile under the views: Dice/Jaccard/F1 (or TP/FP/FN counts) of the selected
// label per slice along the active view's axis, one curve per prediction, a marker at the current
// slice; a click jumps to that slice. Beside it the worst slices, which navigate on click. The
// plot itself is ProfileChart (ui/render); this widget only hosts it and forwards input.
#include <QWidget>
#include <memory>

#include "model/MetricsModel.h"
#include "render/ProfileChart.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;

namespace seglens {

class ProfileChartView;

class ProfileWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ProfileWidget(MetricsModel& metrics, QWidget* parent = nullptr);
  ~ProfileWidget() override;
  ProfileChart& chart() { return *chart_; }
  QWidget* chartView() const;
  QListWidget* worstList() const { return worst_; }
  // The chart's data for the current state (also what an export would draw).
  ProfileData currentData() const;
  void fitToLabel(ProfileData& d) const;

 private:
  void rebuild();
  void syncControls();

  MetricsModel& metrics_;
  std::unique_ptr<ProfileChart> chart_;
  ProfileChartView* view_;
  QComboBox* axis_;
  QComboBox* metric_;
  QLabel* hint_;
  QCheckBox* allSlices_;
  QListWidget* worst_;
  bool syncing_ = false;
};

}  // namespace seglens
