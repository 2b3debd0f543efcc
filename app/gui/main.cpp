// seglens: the viewer. Everything lives in seglens_ui; this only sets up Qt and OpenGL.
#include <QApplication>
#include <QSurfaceFormat>
#include <QVTKOpenGLNativeWidget.h>
#include <cstdio>

#include "widgets/CommandLine.h"
#include "widgets/MainWindow.h"
#include "widgets/SanitizerSupport.h"

int main(int argc, char** argv) {
  seglens::keepSharedLibrariesLoadedForLeakChecks();  // a no-op unless built with ASan
  // VTK needs its OpenGL format before any widget (and context) exists.
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  QApplication app(argc, argv);
  QApplication::setOrganizationName("SegLens");
  QApplication::setApplicationName("SegLens");
  const seglens::CommandLine cli = seglens::CommandLine::parse(QApplication::arguments());
  if (!cli.error.isEmpty()) {
    std::fprintf(stderr, "seglens: %s (see --help)\n", qPrintable(cli.error));
    return 2;
  }
  seglens::MainWindow window;
  window.show();
  cli.apply(window);
  return QApplication::exec();
}
