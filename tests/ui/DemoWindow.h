#pragma once
// Opens the demo case in a shown main window the way a user would: label table, scan, GT, then
// the first `predictions` of pred_a and pred_b. The caller waits for idle. False when the window
// never got exposed.
#include <QString>
#include <QtTest>

#include "widgets/MainWindow.h"

namespace seglens {

inline bool openDemoCase(MainWindow& window, const QString& dir, int predictions = 2) {
  window.resize(1400, 950);
  window.show();
  const bool exposed = QTest::qWaitForWindowExposed(&window);
  window.openLabelTable(dir + "/labels.txt");
  window.openFile(dir + "/scan.nii.gz", LayerRole::Scan);
  window.openFile(dir + "/gt.nii.gz", LayerRole::GroundTruth);
  const char* names[] = {"/pred_a.nii.gz", "/pred_b.nii.gz"};
  for (int i = 0; i < predictions && i < 2; ++i) window.openFile(dir + names[i], LayerRole::Prediction);
  return exposed;
}

}  // namespace seglens
