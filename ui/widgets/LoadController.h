#pragma once
// The loading workflow around Loader: asks for a dropped file's role when its name does not say,
// checks each segmentation's grid against the reference grid (dialog naming the difference,
// nearest-neighbour resampling or cancel), reports failures in a dialog naming the file and the
// problem, and adds successful loads to the model. Dialogs are window-modal and asynchronous:
// no nested event loops. Scripted runs (--screenshot) have nobody to answer a dialog: there,
// failures are only reported through loadFailed.
#include <QObject>
#include <QStringList>
#include <deque>

#include "model/Loader.h"
#include "model/ViewerModel.h"

class QWidget;

namespace seglens {

class LoadController : public QObject {
  Q_OBJECT
 public:
  LoadController(ViewerModel& model, QWidget* dialogParent);

  Loader& loader() { return loader_; }
  void open(const QString& path, LayerRole role);
  // Opens `path` as the layer `layerId` (File > Replace / the Layers dock): a prediction keeps
  // its place, name slot and display settings; a GT is replaced as opening a GT does.
  void replace(const QString& path, int layerId);
  // Label tables load synchronously: they are small text files. Without one opened, the table
  // beside the GT (or the first prediction) is used, found as `seglens-cli` finds it
  // (LabelTable::findBeside: aal.nii.gz -> aal.nii.txt, NAME.txt, labels.txt).
  bool openLabelTable(const QString& path);
  // Files dropped on the window: label tables load directly, images get a role from their name
  // or from a question.
  void openDropped(const QStringList& paths);
  // Busy while loading, resampling or waiting for an answer.
  bool busy() const;
  // Scripted: no dialogs. A failure only emits loadFailed, and a segmentation on another grid
  // fails too (naming the difference) unless `resampleOnMismatch`, which resamples it unasked.
  void setScripted(bool scripted, bool resampleOnMismatch = false);
  static std::optional<LayerRole> guessRole(const QString& path);

 Q_SIGNALS:
  void fileOpened(const QString& path, seglens::LayerRole role);
  void labelTableOpened(const QString& path);
  void errorShown(const QString& message);
  // Every failure, scripted or not: the file and a message naming the file and the problem.
  void loadFailed(const QString& path, const QString& message);

 private:
  void onLoaded(const LoadResult& result);
  void askNextRole();
  void dialogClosed();
  void fail(const QString& path, const QString& title, const QString& message);
  void adoptSiblingLabelTable(const QString& imagePath, LayerRole role);

  ViewerModel& model_;
  QWidget* parent_;
  Loader loader_;
  std::deque<QString> roleQuestions_;
  int openDialogs_ = 0;
  bool scripted_ = false, resampleOnMismatch_ = false;
  // The table found beside an image (not opened by the user), which the next GT may replace.
  QString siblingTable_;
};

}  // namespace seglens
