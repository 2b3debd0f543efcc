#pragma once
// Label list: colour swatch, value and name per label, a check box for visibility, selection to
// focus overlays, error map and 3D on one label. The first row, "All labels", clears the focus.
// Like the layer list, the tree is only changed from the event loop (model signals schedule a
// coalesced update), in place and with its signals blocked, never from inside its own signals.
#include <QWidget>

#include "widgets/CoalescedCall.h"
#include "model/ViewerModel.h"

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace seglens {

class LabelListWidget : public QWidget {
  Q_OBJECT
 public:
  explicit LabelListWidget(ViewerModel& model, QWidget* parent = nullptr);
  QTreeWidget* tree() const { return tree_; }
  bool updatePending() const { return rebuildCall_.pending() || syncCall_.pending(); }

 private:
  void scheduleRebuild();
  void scheduleSync();
  void rebuild();
  void syncFromModel();
  void applyFilter();

  ViewerModel& model_;
  QLineEdit* filter_;
  QTreeWidget* tree_;
  bool updating_ = false;
  CoalescedCall rebuildCall_{this, [this] { rebuild(); }};
  CoalescedCall syncCall_{this, [this] { syncFromModel(); }};
};

}  // namespace seglens
