#pragma once
// Reference label x predicted label matrix of the active prediction (counts or row-normalised),
// off-diagonal cells tinted by how much of the reference label they take, and the largest
// confusions listed beside it. Clicking a cell or a confusion selects the reference label and
// shows its error map.
#include <QWidget>

#include "model/MetricsModel.h"

class QCheckBox;
class QLabel;
class QListWidget;
class QTableView;

namespace seglens {

class ConfusionTableModel;

class ConfusionMatrixWidget : public QWidget {
  Q_OBJECT
 public:
  explicit ConfusionMatrixWidget(MetricsModel& metrics, QWidget* parent = nullptr);
  ~ConfusionMatrixWidget() override;
  QTableView* view() const { return view_; }
  QListWidget* confusions() const { return top_; }
  // Shows the error map of reference label `label` (what a cell click does).
  void showReferenceLabel(std::uint32_t label);

 private:
  void rebuild();

  MetricsModel& metrics_;
  ConfusionTableModel* model_;
  QTableView* view_;
  QCheckBox* normalise_;
  QLabel* title_;
  QListWidget* top_;
};

}  // namespace seglens
