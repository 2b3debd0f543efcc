// File > Export through the real main window on the demo case (under xvfb-run): every kind of
// export writes its files at the requested size, asks nothing when told not to, refuses to
// replace files, and the metrics table equals `seglens-cli eval` on the same files.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "DemoCase.h"
#include "DemoWindow.h"
#include "widgets/ExportController.h"
#include "ImageIO.h"
#include "widgets/LoadController.h"
#include "widgets/MainWindow.h"
#include "model/MetricsModel.h"
#include "model/ViewSetup.h"
#include "widgets/SliceView.h"
#include "widgets/ViewArea.h"
#include "TestSettings.h"

namespace seglens {

class ExportWindowTest : public QObject {
  Q_OBJECT
 private:
  QString demo_, out_;
  std::unique_ptr<MainWindow> window_;

  void waitIdle() {
    QSignalSpy idle(window_.get(), &MainWindow::idle);
    window_->notifyWhenIdle();
    QVERIFY(idle.wait(120000));
  }
  // Runs one export and returns the files it wrote (empty on error, with the error logged).
  QStringList exportOnce(ExportSettings s, QString* error = nullptr) {
    QSignalSpy done(&window_->exporter(), &ExportController::finished);
    if (!window_->exporter().start(s, false)) {
      if (error && !done.isEmpty()) *error = done.first().at(1).toString();
      return {};
    }
    if (!done.wait(120000)) return {};
    const QString e = done.first().at(1).toString();
    if (error) *error = e;
    if (!e.isEmpty()) qWarning("export error: %s", qPrintable(e));
    return done.first().at(0).toStringList();
  }
  static QByteArray slurp(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
  }

 private Q_SLOTS:
  void initTestCase() {
    const QString work = qEnvironmentVariable("SEGLENS_TEST_WORK", QDir::tempPath() + "/seglens-ui-test");
    demo_ = work + "/demo";
    out_ = work + "/export";
    QDir(out_).removeRecursively();
    QDir().mkpath(out_);
    QDir().mkpath(demo_);
    if (!QFile::exists("/usr/share/mricron/templates/ch2.nii.gz"))
      QSKIP("demo sources (mricron templates) are not installed");
    writeDemoCase(demo_.toStdString());
    QCoreApplication::setOrganizationName("seglens-test-export");
    window_ = std::make_unique<MainWindow>();
    QVERIFY(openDemoCase(*window_, demo_, 2));
    waitIdle();
    window_->model().focusLabel(73);
    waitIdle();
  }

  // Issue 12: a scripted figure and a clicked one are the same picture. The window is set up by
  // the view setup every figure path applies, exported from File > Export, and compared pixel
  // by pixel with `seglens-cli screenshot` given the same options and size.
  void scriptedAndClickedFiguresAreTheSamePicture() {
    ViewSetup setup;
    setup.style = OverlayStyle::Fill;
    setup.atLabel = 73;
    applyViewSetup(window_->model(), setup);
    waitIdle();
    ExportSettings s;
    s.kind = ExportKind::View;
    s.view = ViewId::Axial;
    s.path = out_ + "/clicked.png";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    const QImage clicked = QImage(s.path).convertToFormat(QImage::Format_RGB888);
    QProcess cli;
    cli.start(SEGLENS_CLI, {"screenshot", "--scan", demo_ + "/scan.nii.gz", "--gt", demo_ + "/gt.nii.gz",
                            "--pred", demo_ + "/pred_a.nii.gz", "--pred", demo_ + "/pred_b.nii.gz",
                            "--labels", demo_ + "/labels.txt", "--view", "axial", "--mode", "fill",
                            "--at-label", "73",
                            "--size", QString("%1x%2").arg(clicked.width()).arg(clicked.height()),
                            "--out", out_ + "/scripted.png"});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QImage scripted = QImage(out_ + "/scripted.png").convertToFormat(QImage::Format_RGB888);
    QCOMPARE(scripted.size(), clicked.size());
    int differing = 0;
    for (int y = 0; y < clicked.height(); ++y)
      for (int x = 0; x < clicked.width(); ++x)
        if (clicked.pixel(x, y) != scripted.pixel(x, y)) ++differing;
    QCOMPARE(differing, 0);
    // Back to the viewer's defaults for the tests that follow.
    applyViewSetup(window_->model(), ViewSetup{});
    window_->model().focusLabelNow(73);
    waitIdle();
  }

  void figuresHaveTheirSize() {
    SliceView* axial = window_->viewArea().sliceView(ViewAxis::Axial);
    const qreal dpr = axial->devicePixelRatioF();
    ExportSettings s;
    s.kind = ExportKind::View;
    s.view = ViewId::Axial;
    s.magnification = 2;
    s.path = out_ + "/view.png";
    QStringList files = exportOnce(s);
    QCOMPARE(files, QStringList{s.path});
    QImage im(s.path);
    QCOMPARE(im.width(), int(axial->width() * dpr) * 2);
    QCOMPARE(im.height(), int(axial->height() * dpr) * 2);
    // The folder is remembered for the next dialog.
    QCOMPARE(QSettings().value("exportDir").toString(), QFileInfo(out_).absoluteFilePath());

    // An existing file is never replaced without asking (here: not asked, so refused).
    QString error;
    QVERIFY(exportOnce(s, &error).isEmpty());
    QVERIFY2(error.contains("exists"), qPrintable(error));

    s.kind = ExportKind::AllViews;
    s.magnification = 1;
    s.path = out_ + "/all.png";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    QCOMPARE(QImage(s.path).width(), int(window_->viewArea().width() * dpr));

    s.kind = ExportKind::Window;
    s.magnification = 2;
    s.path = out_ + "/window.png";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    QCOMPARE(QImage(s.path).width(), window_->width() * 2);

    s.kind = ExportKind::Montage;
    s.magnification = 1;
    s.montageCount = 6;
    s.path = out_ + "/montage.png";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    QVERIFY(!QImage(s.path).isNull());

    s.kind = ExportKind::Compare;
    s.path = out_ + "/compare.png";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    QVERIFY(!QImage(s.path).isNull());
  }

  void tablesEqualTheCli() {
    ExportSettings s;
    s.kind = ExportKind::MetricsTable;
    s.path = out_ + "/metrics.csv";
    const QStringList files = exportOnce(s);
    QCOMPARE(files, (QStringList{out_ + "/metrics.csv", out_ + "/metrics.json"}));
    QProcess cli;
    cli.start(SEGLENS_CLI, {"eval", demo_ + "/gt.nii.gz", demo_ + "/pred_a.nii.gz", demo_ + "/pred_b.nii.gz",
                            "--label-table", demo_ + "/labels.txt", "--json", out_ + "/cli.json",
                            "--csv", out_ + "/cli.csv"});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(slurp(out_ + "/metrics.csv"), slurp(out_ + "/cli.csv"));
    QVERIFY(nlohmann::json::parse(slurp(out_ + "/metrics.json").toStdString()) ==
            nlohmann::json::parse(slurp(out_ + "/cli.json").toStdString()));

    s.kind = ExportKind::Profile;
    s.path = out_ + "/profile.csv";
    QCOMPARE(exportOnce(s), (QStringList{out_ + "/profile.csv", out_ + "/profile.png"}));
    QProcess slices;
    slices.start(SEGLENS_CLI, {"slices", demo_ + "/gt.nii.gz", demo_ + "/pred_a.nii.gz", "--axis", "z",
                               "--label", "73", "--csv", out_ + "/cli_slices.csv"});
    QVERIFY(slices.waitForFinished(60000));
    QCOMPARE(slurp(out_ + "/profile.csv"), slurp(out_ + "/cli_slices.csv"));
    QVERIFY(!QImage(out_ + "/profile.png").isNull());

    s.kind = ExportKind::MetricMap;
    s.path = out_ + "/map.nii.gz";
    QCOMPARE(exportOnce(s), QStringList{s.path});
    QVERIFY(QFileInfo(s.path).size() > 1000);
  }

  // Issue 11, item 9: a probability map exported at a live threshold records it, scores as
  // `eval --threshold T`, and every path in the report is absolute (opened relative here).
  void metricsRecordTheLiveThresholdAndAbsolutePaths() {
    const QString cwd = QDir::currentPath();
    QDir::setCurrent(demo_);
    window_->openFile("pred_prob.nii.gz", LayerRole::Prediction);
    waitIdle();
    QDir::setCurrent(cwd);
    ViewerModel& m = window_->model();
    const int id = m.predictions().back().id;
    QVERIFY(m.layer(id)->image->isProbabilityMap());
    m.setActivePrediction(id);
    const double t = 0.3;
    window_->metrics().setThreshold(id, t);
    QVERIFY(QTest::qWaitFor([&] { return window_->metrics().appliedThreshold(id) == t; }, 60000));
    waitIdle();
    ExportSettings s;
    s.kind = ExportKind::MetricsTable;
    s.path = out_ + "/prob_metrics.csv";
    QCOMPARE(exportOnce(s).size(), 2);
    auto viewer = nlohmann::json::parse(slurp(out_ + "/prob_metrics.json").toStdString());
    QCOMPARE(QString::fromStdString(viewer["reference"].get<std::string>()), demo_ + "/gt.nii.gz");
    auto& preds = viewer["predictions"];
    QCOMPARE(int(preds.size()), 3);
    QCOMPARE(QString::fromStdString(preds[2]["path"].get<std::string>()), demo_ + "/pred_prob.nii.gz");
    QVERIFY2(preds[2].contains("threshold"), "the live threshold is not recorded");
    QCOMPARE(preds[2]["threshold"].get<double>(), t);
    QVERIFY(preds[0]["threshold"].is_null());  // label maps have none
    QProcess cli;
    cli.start(SEGLENS_CLI, {"eval", demo_ + "/gt.nii.gz", demo_ + "/pred_a.nii.gz", demo_ + "/pred_b.nii.gz",
                            demo_ + "/pred_prob.nii.gz", "--threshold", QString::number(t),
                            "--label-table", demo_ + "/labels.txt", "--json", out_ + "/cli_prob.json"});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);
    const auto fromCli = nlohmann::json::parse(slurp(out_ + "/cli_prob.json").toStdString());
    QVERIFY(viewer == fromCli);  // the same report, threshold included
    // The CSV names its files absolutely too, and records the threshold in its last column.
    const QByteArray csv = slurp(out_ + "/prob_metrics.csv");
    QVERIFY(csv.contains(QString(demo_ + "/pred_prob.nii.gz").toUtf8()));
    QVERIFY(csv.left(csv.indexOf('\n')).endsWith(",threshold"));
  }

  // Issue 11, item 9: a prediction resampled onto the reference grid when it was opened is
  // reported as `eval --resample` reports it (the same warning, the same scores).
  void metricsRecordAResampledPrediction() {
    LabelImage shifted = loadLabelImage((demo_ + "/pred_b.nii.gz").toStdString());
    shifted.geometry.origin[0] += 0.5;  // half a millimetre off the reference grid
    const QString path = out_ + "/pred_shifted.nii.gz";
    saveLabelImage(shifted, path.toStdString(), true);
    window_->loads().setScripted(true, true);  // resample without asking, as --resample does
    window_->openFile(path, LayerRole::Prediction);
    waitIdle();
    window_->loads().setScripted(false);
    ViewerModel& m = window_->model();
    QVERIFY(!m.predictions().back().resampleNote.isEmpty());
    ExportSettings s;
    s.kind = ExportKind::MetricsTable;
    s.path = out_ + "/resampled_metrics.csv";
    QCOMPARE(exportOnce(s).size(), 2);
    const auto viewer = nlohmann::json::parse(slurp(out_ + "/resampled_metrics.json").toStdString());
    const auto& preds = viewer["predictions"];
    QCOMPARE(int(preds.size()), int(m.predictions().size()));
    QVERIFY2(preds.back().contains("warnings") &&
                 preds.back()["warnings"][0].get<std::string>().find("resampled onto the reference grid") !=
                     std::string::npos,
             preds.back().dump().substr(0, 300).c_str());
    QStringList args{"eval", demo_ + "/gt.nii.gz"};
    for (const auto& p : m.predictions()) args << p.path;
    args << "--resample" << "--label-table" << demo_ + "/labels.txt" << "--json" << out_ + "/cli_resampled.json";
    for (const auto& p : m.predictions())
      if (p.image->isProbabilityMap())
        args << "--threshold" << QString::number(window_->metrics().appliedThreshold(p.id), 'g', 17);
    QProcess cli;
    cli.start(SEGLENS_CLI, args);
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);
    const auto fromCli = nlohmann::json::parse(slurp(out_ + "/cli_resampled.json").toStdString());
    QVERIFY(viewer == fromCli);
    m.removePrediction(m.predictions().back().id);
    waitIdle();
  }

  void cleanupTestCase() { window_.reset(); }
};

}  // namespace seglens

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  seglens::isolateTestSettings("seglens_export_window_tests");
  seglens::ExportWindowTest test;
  return QTest::qExec(&test, argc, argv);
}
#include "ExportWindowTest.moc"
