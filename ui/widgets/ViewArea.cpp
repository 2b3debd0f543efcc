#include "widgets/ViewArea.h"

#include <QApplication>
#include <QGridLayout>
#include <QPointer>

#include "widgets/SliceView.h"
#include "widgets/SurfaceView.h"

namespace seglens {

ViewArea::ViewArea(ViewerModel& model, QWidget* parent) : QWidget(parent), model_(model) {
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(2);
  for (int a = 0; a < 3; ++a) slices_[std::size_t(a)] = new SliceView(model_, ViewAxis(a), this);
  surface_ = new SurfaceView(model_, this);
  connect(&model_, &ViewerModel::layoutChanged, this, &ViewArea::relayout);
  connect(&model_, &ViewerModel::dataChanged, this, [this] {
    if (model_.compareMode()) relayout();
  });
  relayout();
}

ViewArea::~ViewArea() = default;

std::vector<SliceView*> ViewArea::visibleSliceViews() const {
  std::vector<SliceView*> views;
  for (SliceView* v : slices_)
    if (v->isVisible()) views.push_back(v);
  for (SliceView* v : compare_)
    if (v->isVisible()) views.push_back(v);
  return views;
}

void ViewArea::syncCompareViews() {
  // One view per prediction, recreated when the list or the compare axis changes.
  const auto& preds = model_.predictions();
  bool same = compare_.size() == preds.size();
  for (std::size_t i = 0; same && i < preds.size(); ++i)
    same = compare_[i]->scene().predictionFilter() == preds[i].id &&
           compare_[i]->axis() == model_.compareAxis();
  if (same) return;
  for (SliceView* v : compare_) v->deleteLater();
  compare_.clear();
  for (const auto& p : preds) {
    auto* v = new SliceView(model_, model_.compareAxis(), this);
    v->setPredictionFilter(p.id);
    compare_.push_back(v);
    Q_EMIT sliceViewCreated(v);
  }
}

void ViewArea::relayout() {
  // Hiding the focused view passes the keyboard focus along the focus chain, into the Layers
  // tree, which then makes its first row current and takes the next M (issue 11). Park the
  // focus on the area itself while views are hidden and shown, then give it to a shown view.
  const QPointer<QWidget> had = QApplication::focusWidget();
  const bool inside = had && isAncestorOf(had);
  if (inside) setFocus(Qt::OtherFocusReason);
  placeViews();
  if (inside) restoreFocus(had);
}

void ViewArea::restoreFocus(QWidget* had) {
  if (had && had->isVisible()) return had->setFocus(Qt::OtherFocusReason);
  // The same axis's view when shown (leaving compare mode), else the first view shown.
  std::vector<QWidget*> candidates;
  if (auto* slice = qobject_cast<SliceView*>(had)) candidates.push_back(slices_[std::size_t(slice->axis())]);
  for (SliceView* v : visibleSliceViews()) candidates.push_back(v);
  candidates.push_back(surface_);
  for (QWidget* w : candidates)
    if (w->isVisible()) return w->setFocus(Qt::OtherFocusReason);
}

void ViewArea::placeViews() {
  // takeAt hands back the layout item (not the widget): ours to delete.
  while (grid_->count() > 0) delete grid_->takeAt(0);
  for (SliceView* v : slices_) v->hide();
  surface_->hide();
  for (SliceView* v : compare_) v->hide();
  for (int i = 0; i < 3; ++i) {
    grid_->setRowStretch(i, 0);
    grid_->setColumnStretch(i, 0);
  }
  auto place = [&](QWidget* w, int row, int col) {
    grid_->addWidget(w, row, col);
    grid_->setRowStretch(row, 1);
    grid_->setColumnStretch(col, 1);
    w->show();
  };
  if (model_.compareMode() && !model_.predictions().empty()) {
    syncCompareViews();
    const int n = int(compare_.size());
    const int cols = n <= 3 ? n : (n + 1) / 2;
    for (int i = 0; i < n; ++i) place(compare_[std::size_t(i)], i / cols, i % cols);
    return;
  }
  switch (model_.layout()) {
    case Layout::Grid2x2:
      place(slices_[0], 0, 0);
      place(slices_[1], 0, 1);
      place(slices_[2], 1, 0);
      place(surface_, 1, 1);
      break;
    case Layout::Row1x3:
      for (int a = 0; a < 3; ++a) place(slices_[std::size_t(a)], 0, a);
      break;
    case Layout::Single:
      if (model_.maximizedView() == ViewId::ThreeD) place(surface_, 0, 0);
      else place(slices_[std::size_t(model_.maximizedView())], 0, 0);
      break;
  }
}

}  // namespace seglens
