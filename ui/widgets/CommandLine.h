#pragma once
// The `seglens` command line: files to open and, for scripted screenshots and tests, the view
// state to start in. Parsing and applying live here so main() stays a few lines.
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

#include "model/ViewSetup.h"

namespace seglens {

class MainWindow;
class ViewerModel;

struct CommandLine {
  QString scan, gt, labels;
  QStringList predictions;
  QString screenshot;          // save the window here once everything is loaded, then quit
  bool resample = false;       // screenshot mode: resample a segmentation on another grid
  QString layout;              // 2x2, 1x3, axial, coronal, sagittal, 3d, compare
  QString mode;                // labels, fill, error
  std::optional<int> slice;        // 1-based, along the axis of --layout's single view (axial)
  std::optional<double> sliceMm;
  QString errorScope;          // all, selected
  QString coloring;            // label, membership
  std::optional<unsigned> label;
  bool neurological = false;
  QString localMap;                 // dice, jaccard, f1: show the local metric map
  std::optional<double> threshold;  // threshold of the probability-map prediction
  QString panel;                    // metrics, confusion: which right-hand tab is in front
  QSize size{1400, 950};
  QString error;  // non-empty when the arguments are invalid

  static CommandLine parse(const QStringList& arguments);
  // Queues the loads and sets the requested state; the screenshot is taken when idle. In
  // screenshot mode a failed load prints the file and the problem to stderr and exits with 1
  // (from the event loop) without saving.
  void apply(MainWindow& window) const;
  // The options as the view setup every figure path applies (model/ViewSetup), for what is
  // loaded in `model`.
  ViewSetup viewSetup(const ViewerModel& model) const;

 private:
  void applyViewSetupWhenLoaded(MainWindow& window) const;
};

}  // namespace seglens
