#include "widgets/LabelListWidget.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <utility>

namespace seglens {

namespace {

constexpr int kLabelRole = Qt::UserRole + 1;

QIcon swatch(const std::array<std::uint8_t, 3>& rgb) {
  QPixmap pm(14, 14);
  pm.fill(QColor(rgb[0], rgb[1], rgb[2]));
  QPainter p(&pm);
  p.setPen(QColor(40, 40, 40));
  p.drawRect(0, 0, 13, 13);
  return QIcon(pm);
}

}  // namespace

LabelListWidget::LabelListWidget(ViewerModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(tr("Filter labels"));
  filter_->setClearButtonEnabled(true);
  auto* row = new QHBoxLayout;
  row->addWidget(filter_, 1);
  auto* all = new QPushButton(tr("All"), this);
  auto* none = new QPushButton(tr("None"), this);
  all->setToolTip(tr("Show every label"));
  none->setToolTip(tr("Hide every label"));
  row->addWidget(all);
  row->addWidget(none);
  layout->addLayout(row);
  tree_ = new QTreeWidget(this);
  tree_->setObjectName("labelList");
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Label"), tr("Value")});
  // "Hippocampus_L" and "Hippocampus_R" differ at the end: elide the middle, full name as tooltip.
  tree_->setTextElideMode(Qt::ElideMiddle);
  tree_->setRootIsDecorated(false);
  tree_->setUniformRowHeights(true);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  layout->addWidget(tree_);

  connect(filter_, &QLineEdit::textChanged, this, &LabelListWidget::applyFilter);
  connect(all, &QPushButton::clicked, this, [this] { model_.setAllLabelsVisible(true); });
  connect(none, &QPushButton::clicked, this, [this] { model_.setAllLabelsVisible(false); });
  connect(tree_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (updating_ || column != 0) return;
    const auto label = item->data(0, kLabelRole).toUInt();
    if (label != 0) model_.setLabelVisible(label, item->checkState(0) == Qt::Checked);
  });
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (updating_ || !item) return;
    model_.focusLabel(item->data(0, kLabelRole).toUInt());
  });
  connect(&model_, &ViewerModel::dataChanged, this, &LabelListWidget::scheduleRebuild);
  connect(&model_, &ViewerModel::overlayChanged, this, &LabelListWidget::scheduleSync);
  connect(&model_, &ViewerModel::selectedLabelChanged, this, &LabelListWidget::scheduleSync);
  rebuild();
}

void LabelListWidget::scheduleRebuild() { rebuildCall_.schedule(); }

void LabelListWidget::scheduleSync() { syncCall_.schedule(); }

void LabelListWidget::rebuild() {
  {
    const QSignalBlocker blocker(tree_);
    const bool wasUpdating = std::exchange(updating_, true);
    const std::vector<std::uint32_t> labels = model_.labels();
    const int count = int(labels.size()) + 1;  // "All labels" first
    while (tree_->topLevelItemCount() > count) delete tree_->takeTopLevelItem(tree_->topLevelItemCount() - 1);
    while (tree_->topLevelItemCount() < count) new QTreeWidgetItem(tree_);
    QTreeWidgetItem* all = tree_->topLevelItem(0);
    all->setText(0, tr("All labels"));
    all->setData(0, kLabelRole, 0u);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::uint32_t v = labels[i];
      QTreeWidgetItem* item = tree_->topLevelItem(int(i) + 1);
      item->setText(0, model_.labelName(v));
      item->setToolTip(0, QString("%1 (%2)").arg(model_.labelName(v)).arg(v));
      item->setText(1, QString::number(v));
      item->setData(0, kLabelRole, v);
      item->setIcon(0, swatch(model_.labelColor(v)));
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    }
    updating_ = wasUpdating;
  }
  syncFromModel();
  applyFilter();
}

void LabelListWidget::syncFromModel() {
  const QSignalBlocker blocker(tree_);
  const bool wasUpdating = std::exchange(updating_, true);
  QTreeWidgetItem* current = nullptr;
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = tree_->topLevelItem(i);
    const auto v = item->data(0, kLabelRole).toUInt();
    if (v != 0) item->setCheckState(0, model_.labelVisible(v) ? Qt::Checked : Qt::Unchecked);
    if (v == model_.selectedLabel()) current = item;
  }
  if (current && tree_->currentItem() != current) tree_->setCurrentItem(current);
  updating_ = wasUpdating;
}

void LabelListWidget::applyFilter() {
  const QString text = filter_->text().trimmed();
  for (int i = 1; i < tree_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = tree_->topLevelItem(i);
    item->setHidden(!text.isEmpty() && !item->text(0).contains(text, Qt::CaseInsensitive) &&
                    item->text(1) != text);
  }
}

}  // namespace seglens
