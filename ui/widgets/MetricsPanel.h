#pragma once
// The metrics dock: one row per prediction x label (scope: selected label, all labels, mean,
// foreground) with every `seglens-cli eval` column, sortable, copyable as TSV; a per-prediction
// summary with the better value per column highlighted; the live threshold controls; the local
// metric map controls. Rows come from MetricsModel; clicking one selects it through the model.
#include <QString>
#include <QWidget>
#include <vector>

#include "model/MetricsModel.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTableWidget;

namespace seglens {

class ThresholdWidget;

class MetricsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit MetricsPanel(MetricsModel& metrics, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  QTableWidget* summaryTable() const { return summary_; }
  ThresholdWidget* thresholdWidget() const { return threshold_; }
  QComboBox* scopeBox() const { return scope_; }
  QCheckBox* localMapBox() const { return mapOn_; }
  // Header and rows as tab-separated text, nulls empty (what the Copy button puts on the
  // clipboard).
  QString tableAsTsv() const;
  // Column of the table showing `metric` ("dice", "hd95", ...), -1 if none.
  int column(const QString& key) const;

 private:
  void rebuildHeaders();
  void rebuildTable();
  void rebuildSummary();
  void syncControls();
  void updateJobText();

  MetricsModel& metrics_;
  QComboBox* scope_;
  QComboBox* surface_;
  QLabel* jobs_;
  QTableWidget* summary_;
  QTableWidget* table_;
  ThresholdWidget* threshold_;
  QCheckBox* mapOn_;
  QComboBox* mapMetric_;
  QDoubleSpinBox* mapWindow_;
  std::vector<MetricsRow> rows_;  // by the row's Qt::UserRole index
  QStringList keys_;
  bool syncing_ = false;
};

}  // namespace seglens
