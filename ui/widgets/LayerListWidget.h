#pragma once
// Layer list: the scan, the GT and the predictions (list order = drawing order, first on top).
// Check box = visible; the active prediction is marked and drives the error map and 3D view.
// Under the list: overlay mode and opacity of the selected layer, reorder and activate buttons.
//
// The tree is never rebuilt from inside one of its own signals: its handlers change the model,
// the model's signals only schedule a rebuild, and the rebuild runs from the event loop (once
// for any number of changes), updating the existing rows in place with the tree's signals
// blocked. Rebuilding synchronously deleted the item a signal was still delivering (issue 11).
#include <QWidget>

#include "widgets/CoalescedCall.h"
#include "model/ViewerModel.h"

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
  // The selected layer's id; 0 for the scan row or no selection.
  int currentLayerId() const;
  // True while a rebuild is scheduled and has not run yet (tests settle on it).
  bool rebuildPending() const { return rebuildCall_.pending(); }

 Q_SIGNALS:
  // "Replace...": the window asks for the file (LoadController::replace).
  void replaceRequested(int layerId);

 private:
  struct Row;
  void scheduleRebuild();
  void rebuild();
  std::vector<Row> rows() const;
  void syncControls();
  void moveCurrent(int delta);
  void removeCurrent();

  ViewerModel& model_;
  QTreeWidget* tree_;
  QComboBox* mode_;
  QSlider* opacity_;
  QPushButton *up_, *down_, *activate_, *replace_, *remove_;
  bool updating_ = false;
  CoalescedCall rebuildCall_{this, [this] { rebuild(); }};
};

}  // namespace seglens
