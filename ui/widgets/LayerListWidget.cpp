#include "LayerListWidget.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

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
  auto move = [this](int delta) {
    const int id = currentLayerId();
    const auto& preds = model_.predictions();
    for (std::size_t i = 0; i < preds.size(); ++i)
      if (preds[i].id == id) model_.movePrediction(id, int(i) + delta);
  };
  connect(up_, &QPushButton::clicked, this, [move] { move(-1); });
  connect(down_, &QPushButton::clicked, this, [move] { move(1); });
  connect(activate_, &QPushButton::clicked, this,
          [this] { model_.setActivePrediction(currentLayerId()); });
  connect(&model_, &ViewerModel::dataChanged, this, &LayerListWidget::rebuild);
  connect(&model_, &ViewerModel::activePredictionChanged, this, &LayerListWidget::rebuild);
  connect(&model_, &ViewerModel::overlayChanged, this, &LayerListWidget::rebuild);
  rebuild();
}

int LayerListWidget::currentLayerId() const {
  const QTreeWidgetItem* item = tree_->currentItem();
  return item ? item->data(0, kIdRole).toInt() : 0;
}

void LayerListWidget::rebuild() {
  const int current = currentLayerId();
  updating_ = true;
  tree_->clear();
  auto add = [&](const SegmentationLayer& l, const QString& role) {
    auto* item = new QTreeWidgetItem(tree_, {l.name, role});
    item->setData(0, kIdRole, l.id);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(0, l.visible ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(0, l.path);
    if (l.id == current) tree_->setCurrentItem(item);
    return item;
  };
  for (const auto& p : model_.predictions()) {
    const bool active = p.id == model_.activePredictionId();
    QTreeWidgetItem* item = add(p, active ? tr("prediction (active)") : tr("prediction"));
    if (active) {
      QFont f = item->font(0);
      f.setBold(true);
      item->setFont(0, f);
      item->setFont(1, f);
    }
  }
  if (const SegmentationLayer* gt = model_.groundTruth()) add(*gt, tr("ground truth"));
  if (model_.scan()) {
    auto* item = new QTreeWidgetItem(tree_, {QFileInfo(model_.scanPath()).fileName(), tr("scan")});
    item->setData(0, kIdRole, 0);
    item->setToolTip(0, model_.scanPath());
  }
  updating_ = false;
  syncControls();
}

void LayerListWidget::syncControls() {
  updating_ = true;
  const SegmentationLayer* l = model_.layer(currentLayerId());
  const bool isPred = l && (!model_.groundTruth() || model_.groundTruth()->id != l->id);
  mode_->setEnabled(l != nullptr);
  opacity_->setEnabled(l != nullptr);
  up_->setEnabled(isPred);
  down_->setEnabled(isPred);
  activate_->setEnabled(isPred && l->id != model_.activePredictionId());
  if (l) {
    mode_->setCurrentIndex(mode_->findData(int(l->mode)));
    opacity_->setValue(int(l->opacity * 100 + 0.5));
  }
  updating_ = false;
}

}  // namespace seglens
