#include "widgets/LayerListWidget.h"

#include "model/ViewSetup.h"

#include <QComboBox>
#include <QSignalBlocker>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <utility>

namespace seglens {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
}

LayerListWidget::LayerListWidget(ViewerModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName("layerList");
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Layer"), tr("Role")});
  // Names lose their middle, not the end that tells them apart (pred_a vs pred_b, _L vs _R).
  tree_->setTextElideMode(Qt::ElideMiddle);
  tree_->setRootIsDecorated(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  layout->addWidget(tree_);

  auto* form = new QFormLayout;
  mode_ = new QComboBox(this);
  for (OverlayMode m : {OverlayMode::Fill, OverlayMode::Outline, OverlayMode::Hidden})
    mode_->addItem(tr(overlayModeName(m)), int(m));
  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setRange(0, 100);
  form->addRow(tr("Overlay"), mode_);
  form->addRow(tr("Opacity"), opacity_);
  layout->addLayout(form);
  auto* buttons = new QHBoxLayout;
  up_ = new QPushButton(tr("Up"), this);
  down_ = new QPushButton(tr("Down"), this);
  activate_ = new QPushButton(tr("Make active"), this);
  up_->setToolTip(tr("Draw this prediction above the others"));
  activate_->setToolTip(tr("Use this prediction for the error map, 3D view and status line"));
  buttons->addWidget(up_);
  buttons->addWidget(down_);
  buttons->addWidget(activate_);
  layout->addLayout(buttons);
  auto* fileButtons = new QHBoxLayout;
  replace_ = new QPushButton(tr("Replace..."), this);
  replace_->setObjectName("replaceLayer");
  replace_->setToolTip(tr("Open another file as this layer (keeps its place and display settings)"));
  remove_ = new QPushButton(tr("Remove"), this);
  remove_->setObjectName("removeLayer");
  remove_->setToolTip(tr("Remove this prediction, or close the ground truth (Delete)"));
  fileButtons->addWidget(replace_);
  fileButtons->addWidget(remove_);
  layout->addLayout(fileButtons);
  auto* del = new QShortcut(QKeySequence::Delete, tree_, nullptr, nullptr, Qt::WidgetShortcut);
  connect(del, &QShortcut::activated, this, [this] { removeCurrent(); });

  connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (updating_ || column != 0) return;
    const int id = item->data(0, kIdRole).toInt();
    if (id > 0) model_.setLayerVisible(id, item->checkState(0) == Qt::Checked);
  });
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this] { syncControls(); });
  connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
    model_.setActivePrediction(item->data(0, kIdRole).toInt());
  });
  connect(mode_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!updating_) model_.setLayerMode(currentLayerId(), OverlayMode(mode_->currentData().toInt()));
  });
  connect(opacity_, &QSlider::valueChanged, this, [this](int v) {
    if (!updating_) model_.setLayerOpacity(currentLayerId(), v / 100.0);
  });
  connect(up_, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
  connect(down_, &QPushButton::clicked, this, [this] { moveCurrent(1); });
  connect(activate_, &QPushButton::clicked, this,
          [this] { model_.setActivePrediction(currentLayerId()); });
  connect(remove_, &QPushButton::clicked, this, [this] { removeCurrent(); });
  connect(replace_, &QPushButton::clicked, this, [this] {
    if (const int id = currentLayerId()) Q_EMIT replaceRequested(id);
  });
  for (auto signal : {&ViewerModel::dataChanged, &ViewerModel::activePredictionChanged,
                      &ViewerModel::overlayChanged})
    connect(&model_, signal, this, &LayerListWidget::scheduleRebuild);
  rebuild();
}

int LayerListWidget::currentLayerId() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? item->data(0, kIdRole).toInt() : 0;
}

void LayerListWidget::moveCurrent(int delta) {
  const int id = currentLayerId();
  const auto& preds = model_.predictions();
  // Find first, then move once: the move reorders the vector being searched.
  for (std::size_t i = 0; i < preds.size(); ++i)
    if (preds[i].id == id) return model_.movePrediction(id, int(i) + delta);
}

void LayerListWidget::removeCurrent() {
  const int id = currentLayerId();
  // From the event loop: the removal rebuilds this tree, which must not happen inside its signal.
  if (id) QMetaObject::invokeMethod(this, [this, id] { model_.removeLayer(id); }, Qt::QueuedConnection);
}

void LayerListWidget::scheduleRebuild() { rebuildCall_.schedule(); }

struct LayerListWidget::Row {
  int id;
  QString name, role, tooltip;
  bool checkable, checked, bold;
};

std::vector<LayerListWidget::Row> LayerListWidget::rows() const {
  std::vector<Row> rows;
  for (const auto& p : model_.predictions()) {
    const bool active = p.id == model_.activePredictionId();
    rows.push_back({p.id, p.name, active ? tr("active") : tr("prediction"), p.path,
                    true, p.visible, active});
  }
  if (const SegmentationLayer* gt = model_.groundTruth())
    rows.push_back({gt->id, gt->name, tr("ground truth"), gt->path, true, gt->visible, false});
  if (model_.scan())
    rows.push_back({0, QFileInfo(model_.scanPath()).fileName(), tr("scan"), model_.scanPath(),
                    false, false, false});
  return rows;
}

void LayerListWidget::rebuild() {
  const QTreeWidgetItem* currentItem = tree_->currentItem();
  const bool hadCurrent = currentItem != nullptr;
  const int current = currentLayerId();
  const std::vector<Row> wanted = rows();
  {
    // No itemChanged/currentItemChanged while the rows change: nothing reacts half-way.
    const QSignalBlocker blocker(tree_);
    const bool wasUpdating = std::exchange(updating_, true);
    while (tree_->topLevelItemCount() > int(wanted.size()))
      delete tree_->takeTopLevelItem(tree_->topLevelItemCount() - 1);
    while (tree_->topLevelItemCount() < int(wanted.size())) new QTreeWidgetItem(tree_);
    QTreeWidgetItem* select = nullptr;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      const Row& r = wanted[i];
      QTreeWidgetItem* item = tree_->topLevelItem(int(i));
      item->setText(0, r.name);
      item->setText(1, r.role);
      item->setToolTip(1, r.role == tr("active")
                              ? tr("the active prediction: the error map, 3D view and status line show it")
                              : r.role);
      item->setData(0, kIdRole, r.id);
      item->setToolTip(0, r.tooltip);
      item->setFlags(r.checkable ? item->flags() | Qt::ItemIsUserCheckable
                                 : item->flags() & ~Qt::ItemIsUserCheckable);
      if (r.checkable) item->setCheckState(0, r.checked ? Qt::Checked : Qt::Unchecked);
      else item->setData(0, Qt::CheckStateRole, QVariant());
      QFont f = tree_->font();
      f.setBold(r.bold);
      item->setFont(0, f);
      item->setFont(1, f);
      if (hadCurrent && r.id == current) select = item;
    }
    // The same layer stays selected wherever it moved; no row is selected if none was.
    if (select) tree_->setCurrentItem(select);
    else {
      tree_->setCurrentItem(nullptr);
      tree_->clearSelection();
    }
    updating_ = wasUpdating;
  }
  syncControls();
}

void LayerListWidget::syncControls() {
  const bool wasUpdating = std::exchange(updating_, true);
  const SegmentationLayer* l = tree_->currentItem() ? model_.layer(currentLayerId()) : nullptr;
  const bool isPred = l && (!model_.groundTruth() || model_.groundTruth()->id != l->id);
  mode_->setEnabled(l != nullptr);
  opacity_->setEnabled(l != nullptr);
  remove_->setEnabled(l != nullptr);
  replace_->setEnabled(l != nullptr);
  up_->setEnabled(isPred);
  down_->setEnabled(isPred);
  activate_->setEnabled(isPred && l->id != model_.activePredictionId());
  if (l) {
    mode_->setCurrentIndex(mode_->findData(int(l->mode)));
    opacity_->setValue(int(l->opacity * 100 + 0.5));
  } else {
    // Disabled at 0 read as "layers are invisible": show the default a GT gets instead.
    opacity_->setValue(int(OverlayDefaults::kGtOpacity * 100 + 0.5));
  }
  opacity_->setToolTip(l ? QString() : tr("Select a layer to change its opacity"));
  updating_ = wasUpdating;
}

}  // namespace seglens
