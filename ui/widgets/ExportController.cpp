#include "widgets/ExportController.h"

#include <QApplication>
#include <cmath>
#include <cstring>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QMessageBox>
#include <QPainter>
#include <QSettings>
#include <vtkCamera.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include "model/BackgroundTask.h"
#include "FigureMetrics.h"
#include "render/Annotation.h"
#include "render/ProfileChart.h"
#include "ImageIO.h"
#include "InputError.h"
#include "Report.h"
#include "render/SliceScene.h"
#include "widgets/SliceView.h"
#include "render/SurfaceScene.h"
#include "widgets/SurfaceView.h"
#include "widgets/ViewArea.h"

#include <nlohmann/json.hpp>

namespace seglens {

namespace {

QString withSuffix(const QString& path, const QString& suffix) {
  QString base = path;
  for (const char* ext : {".csv", ".json", ".png", ".nii.gz", ".nii"})
    if (base.endsWith(ext, Qt::CaseInsensitive)) {
      base.chop(int(strlen(ext)));
      break;
    }
  return base + suffix;
}

bool isFigure(ExportKind k) { return int(k) <= int(ExportKind::Compare); }

// Reports name their inputs absolutely: a relative path means nothing once the file is moved
// or read from another working directory.
std::string absolutePath(const QString& path) {
  return path.isEmpty() ? std::string() : QFileInfo(path).absoluteFilePath().toStdString();
}

QImage toQImage(const RgbImage& im) {
  return QImage(im.rgb.data(), im.width, im.height, im.width * 3, QImage::Format_RGB888).copy();
}

RgbImage fromQImage(const QImage& in) {
  const QImage im = in.convertToFormat(QImage::Format_RGB888);
  RgbImage out(im.width(), im.height());
  for (int y = 0; y < im.height(); ++y)
    std::memcpy(&out.rgb[std::size_t(y) * std::size_t(im.width()) * 3], im.constScanLine(y),
                std::size_t(im.width()) * 3);
  return out;
}

}  // namespace

// What the worker computes; everything else happens on the UI thread.
struct ExportController::Result {
  std::map<int, LabelMetrics> metrics;
  EvalReport report;
  std::string profileCsv;
  ProfileData profile;
  WindowedMap map;
};

ExportController::ExportController(ViewerModel& model, ViewArea& views, QWidget* window)
    : QObject(window), model_(model), views_(views), window_(window) {
  connect(&watcher_, &QFutureWatcher<JobOutcome<std::shared_ptr<Result>>>::finished, this,
          &ExportController::onComputed);
}

ExportController::~ExportController() {
  if (token_) token_->cancel();
  watcher_.waitForFinished();
}

QStringList ExportController::outputFiles(const ExportSettings& s) {
  switch (s.kind) {
    case ExportKind::MetricsTable: return {withSuffix(s.path, ".csv"), withSuffix(s.path, ".json")};
    case ExportKind::Profile: return {withSuffix(s.path, ".csv"), withSuffix(s.path, ".png")};
    case ExportKind::MetricMap:
      return {s.path.endsWith(".nii") || s.path.endsWith(".nii.gz") ? s.path : withSuffix(s.path, ".nii.gz")};
    default: return {s.path.endsWith(".png", Qt::CaseInsensitive) ? s.path : s.path + ".png"};
  }
}

void ExportController::showDialog(std::optional<ExportSettings> settings) {
  if (!model_.hasData()) {
    QMessageBox::information(window_, tr("Export"), tr("Nothing is loaded yet."));
    return;
  }
  auto* dialog = new ExportDialog(model_, window_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // The last export's kind, view and size (its file name is not kept: it exists now).
  if (settings) {
    dialog->setSettings(*settings);
  } else if (last_) {
    ExportSettings s = *last_;
    s.path.clear();
    dialog->setSettings(s);
  } else if (QSettings().contains("exportKind")) {
    ExportSettings s = dialog->settings();
    s.kind = ExportKind(std::clamp(QSettings().value("exportKind").toInt(), 0, int(ExportKind::MetricMap)));
    s.path.clear();
    dialog->setSettings(s);
  }
  // Started from the event loop: start() may ask "Replace files?" in a modal loop, which run
  // inside the dialog's accepted signal deleted the (delete-on-close) dialog mid-signal.
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    const ExportSettings settings = dialog->settings();
    QMetaObject::invokeMethod(this, [this, settings] { start(settings, true); }, Qt::QueuedConnection);
  });
  dialog->open();
}

bool ExportController::start(const ExportSettings& settings, bool askOverwrite) {
  if (running_) return false;
  const SegmentationLayer* gt = model_.groundTruth();
  const SegmentationLayer* active = model_.activePrediction();
  const bool needsPair = settings.kind == ExportKind::MetricsTable ||
                         settings.kind == ExportKind::Profile || settings.kind == ExportKind::MetricMap;
  if (needsPair && (!gt || !active)) {
    Q_EMIT finished({}, tr("this export needs a ground truth and a prediction"));
    if (askOverwrite) QMessageBox::warning(window_, tr("Export"), tr("This export needs a ground truth and a prediction."));
    return false;
  }
  const QStringList files = outputFiles(settings);
  QStringList existing;
  for (const QString& f : files)
    if (QFileInfo::exists(f)) existing << f;
  overwrite_ = false;
  if (!existing.isEmpty()) {
    if (!askOverwrite) {
      Q_EMIT finished({}, existing.join(", ") + ": file exists");
      return false;
    }
    const auto answer = QMessageBox::question(
        window_, tr("Replace files?"),
        tr("These files exist already:\n%1\n\nReplace them?").arg(existing.join("\n")),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      // Back to the dialog with what was chosen, to pick another name.
      QMetaObject::invokeMethod(this, [this, settings] { showDialog(settings); }, Qt::QueuedConnection);
      return false;
    }
    overwrite_ = true;
  }
  QSettings().setValue("exportDir", QFileInfo(files.first()).absolutePath());
  pending_ = settings;
  last_ = settings;
  QSettings().setValue("exportKind", int(settings.kind));
  interactive_ = askOverwrite;
  running_ = true;

  // Capture immutable inputs here; the worker never touches the model.
  auto gtImage = gt ? gt->image : nullptr;
  const std::string gtPath = absolutePath(gt ? gt->path : QString());
  std::vector<std::pair<int, NamedImage>> preds;
  auto notes = [](const SegmentationLayer& l) {
    return l.resampleNote.isEmpty() ? std::vector<std::string>{}
                                    : std::vector<std::string>{l.resampleNote.toStdString()};
  };
  for (const auto& p : model_.predictions())
    preds.push_back({p.id, {absolutePath(p.path), p.image, notes(p)}});
  const std::vector<std::string> gtNotes = gt ? notes(*gt) : std::vector<std::string>{};
  const int activeId = active ? active->id : 0;
  const std::uint32_t label = model_.selectedLabel();
  const LabelTable table = model_.labelTable();
  const ExportSettings s = settings;
  const bool wantMetrics = isFigure(s.kind) && s.annotate && s.annotations.metrics;
  std::vector<std::uint32_t> profileLabels;
  if (label) profileLabels.push_back(label);
  std::map<int, QString> names;
  for (const auto& p : model_.predictions()) names[p.id] = p.name;
  token_ = std::make_shared<Progress>();
  watcher_.setFuture(runInBackground<std::shared_ptr<Result>>([=](Progress& token) {
    auto r = std::make_shared<Result>();
    {
      if (wantMetrics && gtImage)
        for (const auto& [id, p] : preds)
          if (s.kind == ExportKind::Compare || id == activeId)
            r->metrics[id] = figureMetrics(*gtImage, *p.image, label, table);
      const NamedImage* act = nullptr;
      for (const auto& [id, p] : preds)
        if (id == activeId) act = &p;
      if (s.kind == ExportKind::MetricsTable) {
        std::vector<NamedImage> all;
        for (const auto& [id, p] : preds) all.push_back(p);
        r->report = evaluateForExport({gtPath, gtImage, gtNotes}, all, table);
      } else if (s.kind == ExportKind::Profile) {
        r->profileCsv = profileCsv(*gtImage, *act->image, profileLabels, s.profileAxis);
        // The plot: per-slice Dice of every prediction for the label (foreground: label 0 is
        // not a core label, so the plot then shows the active prediction's first label list).
        r->profile.title = "Per-slice Dice, " + std::string(label ? table.name(label) : "all labels (first)") +
                           ", axis " + "xyz"[s.profileAxis];
        r->profile.xTitle = std::string("slice (") + "ijk"[s.profileAxis] + ")";
        r->profile.firstX = 0;
        const std::uint32_t plotLabel = label ? label : (gtImage->presentLabels().empty() ? 1 : gtImage->presentLabels().front());
        const std::array<std::array<std::uint8_t, 3>, 4> palette{{{0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167}}};
        std::size_t c = 0;
        for (const auto& [id, p] : preds) {
          ProfileCurve curve;
          curve.name = names.at(id).toStdString();
          curve.color = palette[c++ % palette.size()];
          curve.values = sliceDice(*gtImage, *p.image, plotLabel, s.profileAxis);
          r->profile.curves.push_back(curve);
        }
        // A figure shows where the label is, with five slices of context, not the empty slices.
        std::vector<std::vector<double>> values;
        for (const auto& curve : r->profile.curves) values.push_back(curve.values);
        const auto [lo, hi] = valuedRange(values, 5);
        if (hi > lo) {
          for (auto& curve : r->profile.curves)
            curve.values = std::vector<double>(curve.values.begin() + long(lo),
                                               curve.values.begin() + long(std::min(hi, curve.values.size())));
          r->profile.firstX = double(lo);
        }
      } else if (s.kind == ExportKind::MetricMap) {
        r->map = windowedMap(*gtImage, *act->image, label ? label : 1, s.mapMetric, s.mapWindowMm,
                             &token);
      }
    }
    return r;
  }, token_));
  return true;
}

void ExportController::onComputed() {
  JobOutcome<std::shared_ptr<Result>> out = watcher_.result();
  running_ = false;
  QStringList written;
  if (out.cancelled) {
    Q_EMIT finished(written, tr("cancelled"));
    return;
  }
  QString error = QString::fromStdString(out.error);
  std::shared_ptr<Result> r = out.value ? *out.value : nullptr;
  if (error.isEmpty()) {
    try {
      renderAndWrite(pending_, *r, written);
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
    }
  }
  Q_EMIT finished(written, error);
  if (!interactive_) return;
  // Said to the user: where the files went, or why there are none (never silently).
  if (error.isEmpty()) {
    Q_EMIT exported(written);
  } else {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, window_);
    box->setObjectName("exportFailed");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
}

void ExportController::renderAndWrite(const ExportSettings& s, Result& r, QStringList& written) {
  const QStringList files = outputFiles(s);
  const bool ow = overwrite_;
  switch (s.kind) {
    case ExportKind::MetricsTable:
      writeTextFile(files[0].toStdString(), reportCsv(r.report), ow);
      written << files[0];
      writeTextFile(files[1].toStdString(), reportJson(r.report).dump(2) + "\n", ow);
      written << files[1];
      return;
    case ExportKind::Profile: {
      writeTextFile(files[0].toStdString(), r.profileCsv, ow);
      written << files[0];
      ProfileChart chart;
      chart.setData(r.profile);
      chart.setCurrentSlice(-1);
      if (!ow && QFileInfo::exists(files[1])) throw InputError(files[1].toStdString(), "file exists");
      if (!chart.renderToPng(files[1].toStdString(), 1200 * s.magnification, 500 * s.magnification))
        throw InputError(files[1].toStdString(), "cannot write the plot");
      written << files[1];
      return;
    }
    case ExportKind::MetricMap:
      saveFloatImage(r.map.geometry, r.map.values, files[0].toStdString(), ow);
      written << files[0];
      return;
    case ExportKind::Window:
      writePng(renderWindow(s.magnification), files[0].toStdString(), ow);
      written << files[0];
      return;
    default: break;
  }
  FigureRequest req;
  req.annotate = s.annotate;
  req.annotations = s.annotations;
  req.montageCount = s.montageCount;
  req.montageStep = s.montageStep;
  req.view = s.view;
  FigureData data;
  data.metrics = r.metrics;
  SurfaceScene& surfaces = views_.surfaceView()->scene();
  data.gtSurface = surfaces.gtSurface();
  data.predSurface = surfaces.predSurface();
  data.camera = surfaces.renderer()->GetActiveCamera();
  const int m = s.magnification;
  const qreal dpr = window_->devicePixelRatioF();
  auto onScreen = [&](QWidget* w) {
    return std::make_pair(int(w->width() * dpr) * m, int(w->height() * dpr) * m);
  };
  if (s.kind == ExportKind::View) {
    req.kind = FigureKind::View;
    QWidget* w = s.view == ViewId::ThreeD ? static_cast<QWidget*>(views_.surfaceView())
                                          : views_.sliceView(ViewAxis(int(s.view)));
    if (w->isVisible()) std::tie(req.width, req.height) = onScreen(w);
  } else if (s.kind == ExportKind::AllViews) {
    req.kind = FigureKind::AllViews;
    std::tie(req.width, req.height) = onScreen(&views_);
  } else {
    req.kind = s.kind == ExportKind::Montage ? FigureKind::Montage : FigureKind::Compare;
    if (req.view == ViewId::ThreeD) req.view = ViewId::Axial;
    const auto size = defaultFigureSize(model_, req);
    req.width = size.first * m;
    req.height = size.second * m;
  }
  if (req.width <= 0 || req.height <= 0) {
    const auto size = defaultFigureSize(model_, req);
    req.width = size.first * m;
    req.height = size.second * m;
  }
  OffscreenRenderer renderer;
  writePng(renderFigure(model_, req, data, renderer), files[0].toStdString(), ow);
  written << files[0];
}

RgbImage ExportController::renderWindow(int scale) {
  // Qt draws the widgets (menus, docks, text) itself at the scale, crisp; every VTK view is then
  // rendered again offscreen at its scaled size and painted over its place.
  QImage image(window_->size() * scale, QImage::Format_RGB888);
  image.setDevicePixelRatio(scale);
  image.fill(Qt::black);
  QPainter painter(&image);
  window_->render(&painter);
  OffscreenRenderer renderer;
  for (SliceView* v : views_.visibleSliceViews()) {
    const QRect rect(v->mapTo(window_, QPoint(0, 0)), v->size());
    SliceScene scene(model_, v->axis());
    if (v->scene().predictionFilter()) scene.setPredictionFilter(v->scene().predictionFilter());
    else scene.rebuild();
    scene.setFontScale(scale);
    // The view's own text, as SliceView lays it out (render/Annotation's viewer pieces).
    SliceAnnotation overlay;
    const int w = rect.width() * scale, h = rect.height() * scale;
    const RgbImage tile = renderer.render({scene.renderer(), overlay.renderer()}, w, h, [&] {
      overlay.update(scene, model_, viewerAnnotations(scene, model_), viewerTileText(scene), w, h, scale);
    });
    painter.drawImage(QRectF(rect), toQImage(tile));
  }
  if (SurfaceView* sv = views_.surfaceView(); sv && sv->isVisible()) {
    const QRect rect(sv->mapTo(window_, QPoint(0, 0)), sv->size());
    SurfaceScene scene(model_);
    scene.setFontScale(scale);
    scene.setSurfaces(sv->scene().gtSurface(), sv->scene().predSurface());
    const RgbImage tile = renderer.render({scene.renderer()}, rect.width() * scale, rect.height() * scale, [&] {
      scene.refreshBounds();
      scene.renderer()->GetActiveCamera()->DeepCopy(sv->scene().renderer()->GetActiveCamera());
      scene.renderer()->ResetCameraClippingRange();
    });
    painter.drawImage(QRectF(rect), toQImage(tile));
  }
  painter.end();
  return fromQImage(image);
}

}  // namespace seglens
