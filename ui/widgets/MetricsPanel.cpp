#include "widgets/MetricsPanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <functional>

#include "widgets/ThresholdWidget.h"

namespace seglens {

namespace {

// Sorts by the number in Qt::UserRole (nulls last whatever the order), shows formatted text.
class NumberItem : public QTableWidgetItem {
 public:
  NumberItem(std::optional<double> v, int decimals, bool pending) {
    value_ = v;
    if (v) setText(QString::number(*v, 'f', decimals));
    else if (pending) setText(QString::fromUtf8("\u2026"));
    setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (pending) setToolTip(QObject::tr("Surface distances are being computed"));
  }
  bool operator<(const QTableWidgetItem& other) const override {
    const auto* o = dynamic_cast<const NumberItem*>(&other);
    if (!o) return QTableWidgetItem::operator<(other);
    const bool desc = tableWidget() &&
                      tableWidget()->horizontalHeader()->sortIndicatorOrder() == Qt::DescendingOrder;
    if (!value_ || !o->value_) return desc ? (value_ && !o->value_) : (!o->value_ && value_);
    return *value_ < *o->value_;
  }
  std::optional<double> value_;
};

struct Column {
  QString key, title;
  int decimals;
  bool distance;
  std::function<std::optional<double>(const LabelMetrics&)> get;
};

// The surface distance columns under the shown definition: the voxel-surface fields, or the
// DeepMind surfel ones (whose average distance is MASD: there is no pooled ASSD in that package).
std::vector<Column> distanceColumns(const Conventions& conv) {
  std::vector<Column> c;
  if (conv.surface == SurfaceDefinition::Surfel) {
    c = {{"hd", "HD", 2, true, [](const LabelMetrics& m) { return m.surfelHd; }},
         {"hd95", "HD95", 2, true, [](const LabelMetrics& m) { return m.surfelHd95; }},
         {"assd", "MASD", 3, true, [](const LabelMetrics& m) { return m.surfelMasd; }}};
  } else {
    c = {{"hd", "HD", 2, true, [](const LabelMetrics& m) { return m.hd; }},
         {"hd95", "HD95", 2, true, [](const LabelMetrics& m) { return m.hd95; }},
         {"assd", "ASSD", 3, true, [](const LabelMetrics& m) { return m.assd; }}};
  }
  const bool surfel = conv.surface == SurfaceDefinition::Surfel;
  for (double tau : conv.nsdTolerances) {
    const QString t = QString::number(tau, 'g', 4);
    c.push_back({"nsd_" + t, "NSD@" + t, 4, true, [tau, surfel](const LabelMetrics& m) {
                   const auto& nsd = surfel ? m.surfelNsd : m.nsd;
                   auto it = nsd.find(tau);
                   return it == nsd.end() ? std::nullopt : it->second;
                 }});
  }
  return c;
}

QString definitionTooltip(const Conventions& conv) {
  return conv.surface == SurfaceDefinition::Surfel
             ? QObject::tr("Surfel surface (DeepMind surface-distance, BraTS, MONAI use_subvoxels): "
                           "area-weighted marching-cubes surfels on the voxel-corner grid; HD95 = "
                           "first distance whose cumulative area fraction reaches 95%")
             : QObject::tr("Voxel surface (MONAI default, Metrics Reloaded): surface voxels, "
                           "Euclidean distances between their centres; HD95 = max of the two "
                           "directed 95th percentiles (--hd95 max)");
}

std::vector<Column> columns(const Conventions& conv) {
  std::vector<Column> c = {
      {"dice", "Dice", 4, false, [](const LabelMetrics& m) { return m.dice; }},
      {"jaccard", "Jaccard", 4, false, [](const LabelMetrics& m) { return m.jaccard; }},
      {"f1", "F1", 4, false, [](const LabelMetrics& m) { return m.f1; }},
      {"precision", "Precision", 4, false, [](const LabelMetrics& m) { return m.precision; }},
      {"recall", "Recall", 4, false, [](const LabelMetrics& m) { return m.recall; }},
      {"specificity", "Specificity", 6, false, [](const LabelMetrics& m) { return m.specificity; }},
      {"volume_similarity", "Vol. sim.", 4, false,
       [](const LabelMetrics& m) { return m.volumeSimilarity; }},
      {"ref_volume_mm3", "Ref mm\u00b3", 0, false,
       [](const LabelMetrics& m) { return std::optional<double>(m.refVolumeMm3); }},
      {"pred_volume_mm3", "Pred mm\u00b3", 0, false,
       [](const LabelMetrics& m) { return std::optional<double>(m.predVolumeMm3); }},
  };
  for (Column& d : distanceColumns(conv)) c.push_back(std::move(d));
  return c;
}

constexpr int kFixedColumns = 2;  // prediction, label

}  // namespace

MetricsPanel::MetricsPanel(MetricsModel& metrics, QWidget* parent)
    : QWidget(parent), metrics_(metrics) {
  setObjectName("metricsPanel");
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  scope_ = new QComboBox(this);
  scope_->setObjectName("metricsScope");
  scope_->addItem(tr("Selected label"), int(MetricsScope::SelectedLabel));
  scope_->addItem(tr("All labels"), int(MetricsScope::AllLabels));
  scope_->addItem(tr("Mean"), int(MetricsScope::Mean));
  scope_->addItem(tr("Foreground"), int(MetricsScope::Foreground));
  auto* copy = new QPushButton(tr("Copy"), this);
  copy->setObjectName("metricsCopy");
  copy->setToolTip(tr("Copy the table as tab-separated text with a header"));
  top->addWidget(new QLabel(tr("Rows:"), this));
  top->addWidget(scope_);
  top->addStretch(1);
  top->addWidget(copy);
  layout->addLayout(top);

  summary_ = new QTableWidget(this);
  summary_->setObjectName("metricsSummary");
  summary_->setColumnCount(3);
  summary_->setHorizontalHeaderLabels({tr("Prediction"), tr("mean Dice"), tr("mean HD95 (mm)")});
  summary_->verticalHeader()->hide();
  summary_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  summary_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  summary_->setSelectionMode(QAbstractItemView::NoSelection);
  summary_->verticalHeader()->setDefaultSectionSize(22);
  layout->addWidget(summary_);

  table_ = new QTableWidget(this);
  table_->setObjectName("metricsTable");
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(20);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setSortingEnabled(true);
  table_->setAlternatingRowColors(true);
  layout->addWidget(table_, 1);

  jobs_ = new QLabel(this);
  jobs_->setObjectName("metricsJobs");
  layout->addWidget(jobs_);

  threshold_ = new ThresholdWidget(metrics_, this);
  layout->addWidget(threshold_);

  auto* mapBox = new QGroupBox(tr("Local metric map"), this);
  auto* mapRow = new QHBoxLayout(mapBox);
  mapOn_ = new QCheckBox(tr("Show"), mapBox);
  mapOn_->setObjectName("localMapOn");
  mapOn_->setToolTip(tr("Windowed score of the selected label around every voxel, as a heat overlay"));
  mapMetric_ = new QComboBox(mapBox);
  mapMetric_->addItem("Dice", int(LocalMetric::Dice));
  mapMetric_->addItem("Jaccard", int(LocalMetric::Jaccard));
  mapMetric_->addItem("F1", int(LocalMetric::F1));
  mapWindow_ = new QDoubleSpinBox(mapBox);
  mapWindow_->setObjectName("localMapWindow");
  mapWindow_->setRange(MetricsModel::kLocalWindowMinMm, MetricsModel::kLocalWindowMaxMm);
  mapWindow_->setDecimals(1);
  mapWindow_->setSuffix(" mm");
  mapWindow_->setPrefix("W ");
  mapWindow_->setKeyboardTracking(false);
  mapWindow_->setToolTip(tr("Cubic window edge in mm (rounded to voxels per axis)"));
  mapRow->addWidget(mapOn_);
  mapRow->addWidget(mapMetric_);
  mapRow->addWidget(mapWindow_);
  layout->addWidget(mapBox);

  surface_ = new QComboBox(this);
  surface_->setObjectName("surfaceDefinition");
  surface_->addItem(tr("Voxel surface"), int(SurfaceDefinition::Voxel));
  surface_->addItem(tr("Surfel surface"), int(SurfaceDefinition::Surfel));
  surface_->setToolTip(tr("Definition of the surface-distance columns (HD, HD95, ASSD/MASD, NSD); "
                          "see the column tooltips"));
  top->addWidget(surface_);
  connect(surface_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) metrics_.setSurfaceDefinition(SurfaceDefinition(surface_->currentData().toInt()));
  });
  rebuildHeaders();

  connect(scope_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) metrics_.setScope(MetricsScope(scope_->currentData().toInt()));
  });
  connect(copy, &QPushButton::clicked, this,
          [this] { QApplication::clipboard()->setText(tableAsTsv()); });
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) {
    const QTableWidgetItem* item = table_->item(row, 0);
    if (!item) return;
    const int index = item->data(Qt::UserRole).toInt();
    if (index < 0 || index >= int(rows_.size())) return;
    // Selecting the row changes the model, which rebuilds this table: not from inside the
    // table's own click signal, whose items the rebuild deletes.
    const MetricsRow selected = rows_[std::size_t(index)];
    QMetaObject::invokeMethod(this, [this, selected] { metrics_.selectRow(selected); }, Qt::QueuedConnection);
  });
  connect(mapOn_, &QCheckBox::toggled, this, [this](bool on) {
    if (!syncing_) metrics_.setLocalMapEnabled(on);
  });
  connect(mapMetric_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    if (!syncing_) metrics_.setLocalMetric(LocalMetric(mapMetric_->currentData().toInt()));
  });
  connect(mapWindow_, QOverload<double>::of(&QDoubleSpinBox::valueChanged), this, [this](double v) {
    if (!syncing_) metrics_.setLocalWindowMm(v);
  });
  connect(&metrics_, &MetricsModel::metricsChanged, this, [this] {
    rebuildHeaders();
    rebuildTable();
    rebuildSummary();
  });
  connect(&metrics_, &MetricsModel::localMapChanged, this, &MetricsPanel::syncControls);
  connect(&metrics_, &MetricsModel::jobsChanged, this, &MetricsPanel::updateJobText);
  // Progress of a running job is polled: core reports it through an atomic, not a signal.
  auto* poll = new QTimer(this);
  poll->setInterval(250);
  connect(poll, &QTimer::timeout, this, &MetricsPanel::updateJobText);
  poll->start();
  syncControls();
  rebuildTable();
  rebuildSummary();
}

int MetricsPanel::column(const QString& key) const { return keys_.indexOf(key); }

void MetricsPanel::rebuildHeaders() {
  const auto cols = columns(metrics_.conventions());
  keys_ = QStringList{"prediction", "label"};
  table_->setColumnCount(int(cols.size()) + kFixedColumns);
  table_->setHorizontalHeaderItem(0, new QTableWidgetItem(tr("Prediction")));
  table_->setHorizontalHeaderItem(1, new QTableWidgetItem(tr("Label")));
  const QString tip = definitionTooltip(metrics_.conventions());
  for (std::size_t c = 0; c < cols.size(); ++c) {
    auto* header = new QTableWidgetItem(cols[c].title);
    if (cols[c].distance) header->setToolTip(tip);
    table_->setHorizontalHeaderItem(int(c) + kFixedColumns, header);
    keys_ << cols[c].key;
  }
}

void MetricsPanel::syncControls() {
  syncing_ = true;
  scope_->setCurrentIndex(scope_->findData(int(metrics_.scope())));
  surface_->setCurrentIndex(surface_->findData(int(metrics_.conventions().surface)));
  mapOn_->setChecked(metrics_.localMapEnabled());
  mapMetric_->setCurrentIndex(mapMetric_->findData(int(metrics_.localMetric())));
  mapWindow_->setValue(metrics_.localWindowMm());
  syncing_ = false;
}

void MetricsPanel::updateJobText() {
  const QString text = metrics_.jobText();
  if (jobs_->text() != text) jobs_->setText(text);
}

void MetricsPanel::rebuildTable() {
  syncControls();
  rows_ = metrics_.rows();
  const auto cols = columns(metrics_.conventions());
  const int sortColumn = table_->horizontalHeader()->sortIndicatorSection();
  const Qt::SortOrder order = table_->horizontalHeader()->sortIndicatorOrder();
  table_->setSortingEnabled(false);
  table_->clearContents();
  table_->setRowCount(int(rows_.size()));
  const ViewerModel& viewer = metrics_.viewer();
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const MetricsRow& row = rows_[r];
    auto* pred = new QTableWidgetItem(row.prediction);
    pred->setData(Qt::UserRole, int(r));
    table_->setItem(int(r), 0, pred);
    QString label = row.labelName;
    if (row.kind == MetricsRow::Kind::Label) label = QString("%1 (%2)").arg(row.labelName).arg(row.label);
    auto* labelItem = new QTableWidgetItem(label);
    if (row.kind == MetricsRow::Kind::Label) {
      const auto c = viewer.labelColor(row.label);
      labelItem->setData(Qt::DecorationRole, QColor(c[0], c[1], c[2]));
    }
    if (row.metrics.emptyBoth) labelItem->setToolTip(tr("absent from both images"));
    table_->setItem(int(r), 1, labelItem);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const bool pending = cols[c].distance && row.distancesPending;
      table_->setItem(int(r), int(c) + kFixedColumns,
                      new NumberItem(cols[c].get(row.metrics), cols[c].decimals, pending));
    }
  }
  table_->setSortingEnabled(true);
  if (sortColumn >= 0 && sortColumn < table_->columnCount()) table_->sortByColumn(sortColumn, order);
  table_->resizeColumnsToContents();
}

void MetricsPanel::rebuildSummary() {
  const auto rows = metrics_.summary();
  summary_->setRowCount(int(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const PredictionSummary& s = rows[r];
    summary_->setItem(int(r), 0, new QTableWidgetItem(s.name));
    const bool pending = !metrics_.distancesReady(s.predictionId);
    auto* dice = new NumberItem(s.meanDice, 4, false);
    auto* hd = new NumberItem(s.meanHd95, 2, pending && metrics_.conventions().distances);
    for (auto [item, best] : {std::pair{dice, s.bestDice}, std::pair{hd, s.bestHd95}}) {
      if (!best) continue;
      QFont f = item->font();
      f.setBold(true);
      item->setFont(f);
      item->setBackground(QColor(200, 235, 200));
      item->setToolTip(tr("better of the predictions"));
    }
    // Say what the mean is over, and that it is restricted when it is.
    const QString over = s.restricted
                             ? tr("mean over the %1 label(s) every prediction evaluates").arg(s.meanLabels)
                             : tr("mean over %1 label(s)").arg(s.meanLabels);
    for (NumberItem* item : {dice, hd})
      item->setToolTip(item->toolTip().isEmpty() ? over : item->toolTip() + "; " + over);
    if (s.restricted) summary_->item(int(r), 0)->setText(s.name + tr(" (common labels)"));
    summary_->setItem(int(r), 1, dice);
    summary_->setItem(int(r), 2, hd);
  }
  // Tall enough for every prediction without a scroll bar: the point is a glance.
  summary_->setFixedHeight(summary_->horizontalHeader()->height() + 4 +
                           summary_->verticalHeader()->defaultSectionSize() * std::max(1, int(rows.size())));
}

QString MetricsPanel::tableAsTsv() const {
  QStringList lines;
  QStringList header;
  for (int c = 0; c < table_->columnCount(); ++c) header << keys_[c];
  lines << header.join('\t');
  for (int r = 0; r < table_->rowCount(); ++r) {
    QStringList cells;
    for (int c = 0; c < table_->columnCount(); ++c) {
      const QTableWidgetItem* item = table_->item(r, c);
      if (const auto* n = dynamic_cast<const NumberItem*>(item))
        cells << (n->value_ ? QString::number(*n->value_, 'g', 10) : QString());
      else if (c == 1 && item)
        cells << rows_[std::size_t(table_->item(r, 0)->data(Qt::UserRole).toInt())].labelName;
      else cells << (item ? item->text() : QString());
    }
    lines << cells.join('\t');
  }
  return lines.join('\n') + '\n';
}

}  // namespace seglens
