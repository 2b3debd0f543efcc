#include "widgets/ConfusionMatrixWidget.h"

#include <QAbstractTableModel>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace seglens {

// Reads the matrix lazily: AAL has 117 x 117 cells, too many items for a QTableWidget to
// rebuild on every threshold step.
class ConfusionTableModel : public QAbstractTableModel {
 public:
  using QAbstractTableModel::QAbstractTableModel;
  void set(const ConfusionMatrix& m, const ViewerModel* viewer, bool normalise) {
    beginResetModel();
    matrix_ = m;
    viewer_ = viewer;
    normalise_ = normalise;
    rowSums_.assign(m.labels.size(), 0);
    for (std::size_t r = 0; r < m.counts.size(); ++r)
      for (auto v : m.counts[r]) rowSums_[r] += v;
    endResetModel();
  }
  std::uint32_t labelAt(int i) const {
    return i >= 0 && std::size_t(i) < matrix_.labels.size() ? matrix_.labels[std::size_t(i)] : 0;
  }
  int rowCount(const QModelIndex& = {}) const override { return int(matrix_.labels.size()); }
  int columnCount(const QModelIndex& = {}) const override { return int(matrix_.labels.size()); }
  QVariant headerData(int section, Qt::Orientation o, int role) const override {
    if (role == Qt::DisplayRole) return QString::number(labelAt(section));
    if (role == Qt::ToolTipRole && viewer_) {
      const std::uint32_t l = labelAt(section);
      return QString("%1 %2 (%3)").arg(o == Qt::Vertical ? tr("reference") : tr("predicted"))
          .arg(l ? viewer_->labelName(l) : tr("background")).arg(l);
    }
    return {};
  }
  QVariant data(const QModelIndex& index, int role) const override {
    const auto r = std::size_t(index.row()), c = std::size_t(index.column());
    const std::uint64_t v = matrix_.counts[r][c];
    const double frac = rowSums_[r] ? double(v) / double(rowSums_[r]) : 0.0;
    switch (role) {
      case Qt::DisplayRole:
        if (v == 0) return QString();
        return normalise_ ? QString::number(frac * 100, 'f', frac < 0.1 ? 1 : 0) : QString::number(v);
      case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
      case Qt::BackgroundRole: {
        if (v == 0) return {};
        // Diagonal (agreement) blue, off-diagonal (confusion) vermillion, by row share; cells
        // involving background are weaker since they are misses or spills, not confusions.
        const double s = std::sqrt(frac);
        const bool diag = r == c;
        const bool bg = matrix_.labels[r] == 0 || matrix_.labels[c] == 0;
        const QColor base = diag ? QColor(0, 114, 178) : QColor(213, 94, 0);
        const double a = std::clamp(s * (bg && !diag ? 0.5 : 1.0), 0.05, 1.0);
        return QColor(int(255 + (base.red() - 255) * a), int(255 + (base.green() - 255) * a),
                      int(255 + (base.blue() - 255) * a));
      }
      case Qt::ForegroundRole: return frac > 0.5 ? QColor(Qt::white) : QColor(Qt::black);
      case Qt::ToolTipRole:
        if (!viewer_) return {};
        return tr("reference %1 \u2192 predicted %2: %3 voxels (%4% of the reference label)")
            .arg(labelName(labelAt(index.row()))).arg(labelName(labelAt(index.column())))
            .arg(v).arg(frac * 100, 0, 'f', 1);
    }
    return {};
  }
  QString labelName(std::uint32_t l) const {
    return l ? QString("%1 (%2)").arg(viewer_->labelName(l)).arg(l) : tr("background");
  }
  const ConfusionMatrix& matrix() const { return matrix_; }
  const std::vector<std::uint64_t>& rowSums() const { return rowSums_; }

 private:
  ConfusionMatrix matrix_;
  const ViewerModel* viewer_ = nullptr;
  bool normalise_ = true;
  std::vector<std::uint64_t> rowSums_;
};

ConfusionMatrixWidget::ConfusionMatrixWidget(MetricsModel& metrics, QWidget* parent)
    : QWidget(parent), metrics_(metrics), model_(new ConfusionTableModel(this)) {
  setObjectName("confusionMatrix");
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  title_ = new QLabel(this);
  normalise_ = new QCheckBox(tr("Row-normalised (%)"), this);
  normalise_->setChecked(true);
  top->addWidget(title_, 1);
  top->addWidget(normalise_);
  layout->addLayout(top);
  view_ = new QTableView(this);
  view_->setModel(model_);
  view_->setObjectName("confusionTable");
  view_->horizontalHeader()->setDefaultSectionSize(44);
  view_->verticalHeader()->setDefaultSectionSize(18);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setToolTip(tr("Rows: reference label, columns: predicted label. Click a cell to see the "
                       "reference label's error map."));
  layout->addWidget(view_, 2);
  layout->addWidget(new QLabel(tr("Largest confusions (reference \u2192 predicted)"), this));
  top_ = new QListWidget(this);
  top_->setObjectName("topConfusions");
  layout->addWidget(top_, 1);
  connect(normalise_, &QCheckBox::toggled, this, &ConfusionMatrixWidget::rebuild);
  // The label is shown from the event loop, not inside the click signal: focusing it changes
  // the model, whose signals rebuild this list and table while the view still uses them.
  auto showLater = [this](std::uint32_t label) {
    QMetaObject::invokeMethod(this, [this, label] { showReferenceLabel(label); }, Qt::QueuedConnection);
  };
  connect(view_, &QTableView::clicked, this, [this, showLater](const QModelIndex& index) {
    showLater(model_->labelAt(index.row()));
  });
  connect(top_, &QListWidget::itemClicked, this, [showLater](QListWidgetItem* item) {
    showLater(item->data(Qt::UserRole).toUInt());
  });
  connect(&metrics_, &MetricsModel::metricsChanged, this, &ConfusionMatrixWidget::rebuild);
  connect(&metrics_.viewer(), &ViewerModel::activePredictionChanged, this,
          &ConfusionMatrixWidget::rebuild);
  rebuild();
}

ConfusionMatrixWidget::~ConfusionMatrixWidget() = default;

void ConfusionMatrixWidget::showReferenceLabel(std::uint32_t label) {
  ViewerModel& viewer = metrics_.viewer();
  if (label == 0) return;
  viewer.focusLabel(label);
  viewer.setErrorScope(ErrorScope::SelectedLabel);
  viewer.setDisplayMode(DisplayMode::ErrorMap);
}

void ConfusionMatrixWidget::rebuild() {
  ViewerModel& viewer = metrics_.viewer();
  const SegmentationLayer* active = viewer.activePrediction();
  const PredictionEvaluation* ev = active ? metrics_.evaluation(active->id) : nullptr;
  title_->setText(active ? tr("GT vs <b>%1</b>").arg(active->name) : tr("No prediction"));
  model_->set(ev ? ev->confusion : ConfusionMatrix{}, &viewer, normalise_->isChecked());
  top_->clear();
  if (!ev) return;
  // Off-diagonal cells between two structures (not background), largest share of the row first.
  struct Cell {
    std::size_t r, c;
    double frac;
    std::uint64_t v;
  };
  std::vector<Cell> cells;
  const auto& m = ev->confusion;
  const auto& sums = model_->rowSums();
  for (std::size_t r = 1; r < m.labels.size(); ++r)
    for (std::size_t c = 1; c < m.labels.size(); ++c)
      if (r != c && m.counts[r][c] && sums[r])
        cells.push_back({r, c, double(m.counts[r][c]) / double(sums[r]), m.counts[r][c]});
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.frac > b.frac; });
  for (std::size_t i = 0; i < std::min<std::size_t>(cells.size(), 20); ++i) {
    const Cell& c = cells[i];
    auto* item = new QListWidgetItem(QString("%1 \u2192 %2: %3% (%4 vx)")
                                         .arg(model_->labelName(m.labels[c.r]))
                                         .arg(model_->labelName(m.labels[c.c]))
                                         .arg(c.frac * 100, 0, 'f', 1).arg(c.v));
    item->setData(Qt::UserRole, m.labels[c.r]);
    top_->addItem(item);
  }
}

}  // namespace seglens
