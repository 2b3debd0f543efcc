#pragma once
// The central area: the three slice views and the 3D view arranged by the model's layout, or
// one linked slice view per prediction in compare mode.
#include <QWidget>
#include <array>
#include <memory>
#include <vector>

#include "model/ViewerModel.h"

class QGridLayout;

namespace seglens {

class SliceView;
class SurfaceView;

class ViewArea : public QWidget {
  Q_OBJECT
 public:
  explicit ViewArea(ViewerModel& model, QWidget* parent = nullptr);
  ~ViewArea() override;

  SliceView* sliceView(ViewAxis axis) const { return slices_[std::size_t(axis)]; }
  SurfaceView* surfaceView() const { return surface_; }
  const std::vector<SliceView*>& compareViews() const { return compare_; }
  // Every slice view currently shown (for status-line wiring and tests).
  std::vector<SliceView*> visibleSliceViews() const;

 Q_SIGNALS:
  void sliceViewCreated(seglens::SliceView* view);

 private:
  void relayout();
  void placeViews();
  void restoreFocus(QWidget* had);
  void syncCompareViews();

  ViewerModel& model_;
  QGridLayout* grid_;
  std::array<SliceView*, 3> slices_{};
  SurfaceView* surface_ = nullptr;
  std::vector<SliceView*> compare_;
};

}  // namespace seglens
