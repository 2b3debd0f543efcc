#pragma once
// The main window: menus, toolbar, docks (layers, labels), the view area and the status line
// (cursor readout, load progress with cancel). Owns the model and the background jobs.
#include <QMainWindow>
#include <QString>

#include "model/ViewerModel.h"

class QActionGroup;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QToolButton;
class QMenu;
class QProgressBar;
class QToolButton;

namespace seglens {

class ExportController;
class LabelListWidget;
class LayerListWidget;
class LoadController;
class MetricsModel;
class MetricsPanel;
class ProfileWidget;
class ConfusionMatrixWidget;
class OverlapJobs;
class SliceView;
class ViewArea;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  ViewerModel& model() { return *model_; }
  ViewArea& viewArea() { return *views_; }
  LoadController& loads() { return *loads_; }
  LayerListWidget& layerList() { return *layers_; }
  LabelListWidget& labelList() { return *labels_; }
  ExportController& exporter() { return *export_; }
  MetricsModel& metrics() { return *metrics_; }
  MetricsPanel& metricsPanel() { return *metricsPanel_; }
  ProfileWidget& profile() { return *profile_; }
  ConfusionMatrixWidget& confusion() { return *confusion_; }
  QLabel* statusText() const { return cursorText_; }

  void openFile(const QString& path, LayerRole role);
  void openLabelTable(const QString& path);
  // True while anything is loading, computing or waiting for an answer.
  bool busy() const;
  // Saves a PNG of the whole window once nothing is busy, then emits screenshotSaved.
  void saveScreenshotWhenIdle(const QString& path);
  bool saveScreenshot(const QString& path);
  // Emits idle() once nothing is busy (tests and scripts wait on it).
  void notifyWhenIdle() { saveScreenshotWhenIdle(QString()); }

 Q_SIGNALS:
  void screenshotSaved(const QString& path, bool ok);
  void idle();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void buildMenus();
  void buildToolbar();
  void buildDocks();
  void buildStatusBar();
  void connectSliceView(SliceView* view);
  void showCursorInfo(const Vec3& p);
  void showExported(const QStringList& files);
  void chooseFile(LayerRole role);
  void chooseLabelTable();
  void chooseReplacement(int layerId);
  void addRecent(const QString& path, const QString& kind);
  void rebuildRecentMenu();
  void syncControls();
  void pollIdle();

  ViewerModel* model_;
  OverlapJobs* overlaps_;
  LoadController* loads_;
  ViewArea* views_;
  LayerListWidget* layers_;
  LabelListWidget* labels_;
  ExportController* export_ = nullptr;
  QAction* exportAction_ = nullptr;
  MetricsModel* metrics_;
  MetricsPanel* metricsPanel_;
  ProfileWidget* profile_;
  ConfusionMatrixWidget* confusion_;
  QMenu* recentMenu_ = nullptr;
  QLabel* cursorText_ = nullptr;
  QToolButton* openExportFolder_ = nullptr;
  bool compactLayout_ = false;  // the profile dock moved beside the metrics on a short screen
  QProgressBar* progress_ = nullptr;
  QToolButton* cancel_ = nullptr;
  QComboBox* presets_ = nullptr;
  QComboBox* errorScope_ = nullptr;
  QDoubleSpinBox *window_ = nullptr, *level_ = nullptr;
  QActionGroup* layoutGroup_ = nullptr;
  QAction *layout2x2_ = nullptr, *layout1x3_ = nullptr, *layoutSingle_ = nullptr;
  QAction *compare_ = nullptr, *errorMap_ = nullptr, *membership_ = nullptr, *distance_ = nullptr;
  QAction *radiological_ = nullptr, *neurological_ = nullptr;
  QString pendingScreenshot_;
  int idleTicks_ = 0;
  bool syncing_ = false;
};

}  // namespace seglens
