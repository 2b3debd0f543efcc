#pragma once
// File > Export...: what to export (screenshot of a view, all views or the window; montage;
// side-by-side compare; metrics table; per-slice profile; local metric map), its options and
// the output path. Only collects settings; ExportController does the work.
#include <QDialog>
#include <QString>

#include "render/Annotation.h"
#include "WindowedMap.h"
#include "render/Figure.h"
#include "model/MetricsModel.h"
#include "model/ViewerModel.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace seglens {

enum class ExportKind { View, AllViews, Window, Montage, Compare, MetricsTable, Profile, MetricMap };

struct ExportSettings {
  ExportKind kind = ExportKind::View;
  ViewId view = ViewId::Axial;  // View, Montage, Compare (slice axis)
  int magnification = 1;        // 1, 2, 4: rendered at that size, not scaled
  bool annotate = true;
  AnnotationOptions annotations;
  int montageCount = 12, montageStep = 0;  // step > 0 replaces count
  int profileAxis = 2;                     // index axis 0/1/2 (x/y/z)
  LocalMetric mapMetric = LocalMetric::Dice;
  double mapWindowMm = MetricsModel::kLocalWindowDefaultMm;
  QString path;  // for tables and profiles the base: .csv and .json/.png are written next to it
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  ExportDialog(const ViewerModel& model, QWidget* parent = nullptr);
  ExportSettings settings() const;
  void setSettings(const ExportSettings& s);

 private:
  void updateEnabled();
  void browse();
  QString defaultName() const;

  const ViewerModel& model_;
  QComboBox *kind_, *view_, *magnification_, *profileAxis_, *mapMetric_;
  QCheckBox *annotate_, *metrics_, *name_, *legend_, *position_, *orientation_, *scaleBar_;
  QCheckBox *dice_, *jaccard_, *f1_, *hd95_;
  QComboBox* montageMode_;
  QSpinBox* montageValue_;
  QDoubleSpinBox* mapWindow_;
  QLineEdit* path_;
  QString lastAutoName_;
};

}  // namespace seglens
