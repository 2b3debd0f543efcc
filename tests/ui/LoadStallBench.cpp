// UI stall benchmark: opens a synthetic 512x512x300 scan, GT and prediction through the real
// main window (LoadController, model, views, metrics) and samples the event loop with a 5 ms
// timer; the largest gap between ticks is the longest the UI froze. Target: <= 100 ms.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSurfaceFormat>
#include <QTimer>
#include <QVTKOpenGLNativeWidget.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "ImageIO.h"
#include "widgets/MainWindow.h"
#include "TestSettings.h"

using namespace seglens;

namespace {

void writeCase(const QString& dir) {
  Geometry g;
  g.size = {512, 512, 300};
  g.spacing = {0.7, 0.7, 1.0};
  ScalarImage scan;
  scan.geometry = g;
  scan.voxels.resize(g.voxelCount());
  std::vector<std::uint32_t> gt(g.voxelCount(), 0), pred(g.voxelCount(), 0);
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const std::size_t lin = g.linearIndex(i, j, k);
        scan.voxels[lin] = float(100 + 50 * std::sin(i * 0.05) * std::cos(j * 0.07) + (lin % 13));
        const double dx = double(i) - 256, dy = double(j) - 256, dz = double(k) - 150;
        const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
        // Shells of four labels; the prediction's boundaries are shifted by two voxels.
        if (r < 160) gt[lin] = 1 + std::uint32_t(r / 40);
        if (r + 2 + (i % 7 == 0) < 160) pred[lin] = 1 + std::uint32_t((r + 2) / 40);
      }
  saveScalarImage(scan, (dir + "/scan.nii.gz").toStdString(), true);
  saveLabelImage(LabelImage::fromLabels(g, gt.data()), (dir + "/gt.nii.gz").toStdString(), true);
  saveLabelImage(LabelImage::fromLabels(g, pred.data()), (dir + "/pred.nii.gz").toStdString(), true);
}

}  // namespace

// With SEGLENS_STALL_TRACE set, every top-level event delivery of 2 ms or more is recorded
// (receiver class, event type, start, length), and the deliveries inside the longest gaps are
// printed at the end: where a stall comes from.
struct Delivery {
  qint64 start, length;
  int type;
  QByteArray receiver;
};

class TracingApplication : public QApplication {
 public:
  using QApplication::QApplication;
  bool notify(QObject* receiver, QEvent* event) override {
    if (!trace_ || !clock_ || !clock_->isValid() || depth_ > 0) return QApplication::notify(receiver, event);
    const qint64 start = clock_->elapsed();
    const int type = event->type();
    QByteArray cls = receiver->metaObject()->className();
    // Timers are anonymous: their owner says which one it is.
    if (receiver->parent() && type == QEvent::Timer)
      cls += QByteArray(" of ") + receiver->parent()->metaObject()->className();
    ++depth_;
    const bool handled = QApplication::notify(receiver, event);
    --depth_;
    const qint64 length = clock_->elapsed() - start;
    if (length >= 2) deliveries_.push_back({start, length, type, cls});
    return handled;
  }
  void printWithin(qint64 from, qint64 to) const {
    for (const Delivery& d : deliveries_)
      if (d.start + d.length > from && d.start < to)
        std::printf("    at %lld: event %d to %s, %lld ms\n", static_cast<long long>(d.start), d.type,
                    d.receiver.constData(), static_cast<long long>(d.length));
  }
  bool trace_ = qEnvironmentVariableIsSet("SEGLENS_STALL_TRACE");
  const QElapsedTimer* clock_ = nullptr;

 private:
  int depth_ = 0;
  std::vector<Delivery> deliveries_;
};

int main(int argc, char** argv) {
  QSurfaceFormat::setDefaultFormat(QVTKOpenGLNativeWidget::defaultFormat());
  TracingApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_load_stall_bench");
  QString dir = QDir::temp().filePath("seglens_stall_case");
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
  QDir().mkpath(dir);
  if (!QFileInfo::exists(dir + "/pred.nii.gz")) {
    std::printf("writing the synthetic case to %s\n", qPrintable(dir));
    writeCase(dir);
  }

  MainWindow window;
  window.resize(1400, 900);
  window.show();
  QElapsedTimer clock;
  app.clock_ = &clock;
  std::vector<std::pair<qint64, qint64>> gaps;  // (start ms, length ms)
  qint64 last = -1;
  QTimer sampler;
  sampler.setInterval(5);
  QObject::connect(&sampler, &QTimer::timeout, [&] {
    const qint64 now = clock.elapsed();
    if (last >= 0) gaps.push_back({last, now - last});
    last = now;
  });
  QTimer::singleShot(200, [&] {
    clock.start();
    // To line gaps up with `perf record -k CLOCK_MONOTONIC` samples (QElapsedTimer uses it too).
    if (qEnvironmentVariableIsSet("SEGLENS_STALL_TRACE"))
      std::printf("clock starts at CLOCK_MONOTONIC %.3f s\n", clock.msecsSinceReference() / 1000.0);
    sampler.start();
    last = 0;  // the user's action starts the clock: time spent in openFile itself counts
    window.openFile(dir + "/scan.nii.gz", LayerRole::Scan);
    window.openFile(dir + "/gt.nii.gz", LayerRole::GroundTruth);
    window.openFile(dir + "/pred.nii.gz", LayerRole::Prediction);
    if (qEnvironmentVariableIsSet("SEGLENS_STALL_TRACE"))
      std::printf("openFile x3 returned after %lld ms\n", static_cast<long long>(clock.elapsed()));
    // Let the queue start before waiting for idle.
    QTimer::singleShot(50, [&] { window.notifyWhenIdle(); });
  });
  QObject::connect(&window, &MainWindow::idle, [&] {
    sampler.stop();
    std::sort(gaps.begin(), gaps.end(), [](auto a, auto b) { return a.second > b.second; });
    std::printf("open 512x512x300 scan + GT + prediction: %.2f s until idle\n",
                clock.elapsed() / 1000.0);
    std::printf("longest event-loop gaps (ms at which it started: length):");
    for (std::size_t i = 0; i < std::min<std::size_t>(6, gaps.size()); ++i)
      std::printf("  %lld: %lld", static_cast<long long>(gaps[i].first),
                  static_cast<long long>(gaps[i].second));
    std::printf("\nmax UI stall: %lld ms (target <= 100 ms)\n",
                gaps.empty() ? 0LL : static_cast<long long>(gaps.front().second));
    if (app.trace_)
      for (std::size_t i = 0; i < std::min<std::size_t>(3, gaps.size()); ++i) {
        std::printf("  inside the gap at %lld (%lld ms):\n", static_cast<long long>(gaps[i].first),
                    static_cast<long long>(gaps[i].second));
        app.printWithin(gaps[i].first, gaps[i].first + gaps[i].second);
      }
    app.quit();
  });
  return app.exec();
}
