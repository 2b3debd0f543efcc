// Scrolling in the real main window on the demo case: Page Down on the axial view, each step
// processed until every slice view has rendered (the 3D view's crosshair follows once scrolling
// pauses). Complements seglens_viewer_bench (one slice scene offscreen): here every view
// the user sees redraws, as it does in the application.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QVTKOpenGLNativeWidget.h>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "DemoCase.h"
#include "DemoWindow.h"
#include "widgets/MainWindow.h"
#include "widgets/RenderQueue.h"
#include "widgets/SliceView.h"
#include "widgets/ViewArea.h"
#include "TestSettings.h"

using namespace seglens;

namespace {

// Milliseconds per step, median and worst, over `steps` Page Down presses (then back up).
std::pair<double, double> scroll(MainWindow& window, int steps) {
  SliceView* axial = window.viewArea().sliceView(ViewAxis::Axial);
  std::vector<double> ms;
  for (int s = 0; s < 2 * steps; ++s) {
    QElapsedTimer t;
    t.start();
    QKeyEvent press(QEvent::KeyPress, s < steps ? Qt::Key_PageDown : Qt::Key_PageUp, Qt::NoModifier);
    QApplication::sendEvent(axial, &press);
    // Views render one per event-loop turn (RenderQueue): turn until every one has.
    do QApplication::processEvents();
    while (!RenderQueue::instance().empty());
    ms.push_back(double(t.nsecsElapsed()) / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.back()};
}

}  // namespace

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_window_scroll_bench");
  if (!QFile::exists("/usr/share/mricron/templates/ch2.nii.gz")) {
    std::printf("mricron-data is not installed: no demo case, nothing measured\n");
    return 0;
  }
  const QString dir = QDir::temp().filePath("seglens_scroll_demo");
  writeDemoCase(dir.toStdString());
  MainWindow window;
  if (!openDemoCase(window, dir, 2)) std::printf("the window was never exposed\n");
  QSignalSpy idle(&window, &MainWindow::idle);
  window.notifyWhenIdle();
  if (!idle.wait(300000)) {
    std::printf("the demo case did not finish loading\n");
    return 1;
  }
  ViewerModel& m = window.model();
  const int steps = 40;
  auto report = [&](const char* what) {
    scroll(window, 5);  // warm-up: first renders after a layout change
    const auto [median, worst] = scroll(window, steps);
    std::printf("window scroll, %-40s %6.1f steps/s (median %.1f ms, worst %.1f ms)\n", what,
                1000.0 / median, median, worst);
  };
  m.setLayout(Layout::Grid2x2);
  report("2x2 (3 slice views + 3D):");
  m.setLayout(Layout::Row1x3);
  report("1x3 (3 slice views):");
  m.setDisplayMode(DisplayMode::ErrorMap);
  report("1x3, error map:");
  return 0;
}
