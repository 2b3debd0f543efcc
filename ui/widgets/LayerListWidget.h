#pragma once
// Layer list: the scan, the GT and the predictions (list order = drawing order, first on top).
// Check box = visible; the active prediction is marked and drives the error map and 3D view.
// Under the list: overlay mode and opacity of the selected layer, reorder and activate buttons.
#include <QWidget>

#include "ViewerModel.h"

class QComboBox;
class QPushButton;
class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

namespace seglens {

class LayerListWidget : public QWidget {
  Q_OBJECT
 public:
  explicit LayerListWidget(ViewerModel& model, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return tree_; }
  int currentLayerId() const;

 private:
  void rebuild();
  void syncControls();

  ViewerModel& model_;
  QTreeWidget* tree_;
  QComboBox* mode_;
  QSlider* opacity_;
  QPushButton *up_, *down_, *activate_;
  bool updating_ = false;
};

}  // namespace seglens
