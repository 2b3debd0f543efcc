// seglens-cli screenshot: the viewer's figures (one view, all views, montage, compare) rendered
// offscreen with the viewer's own scenes, for scripting figures over a whole dataset.
#ifdef SEGLENS_HAVE_UI
#include <QCoreApplication>
#include <vtkPolyData.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "Commands.h"
#include "render/Figure.h"
#include "FigureMetrics.h"
#include "ImageIO.h"
#include "InputError.h"
#include "render/SurfaceBuilder.h"
#include "model/ViewSetup.h"
#include "model/ViewerModel.h"

namespace seglens::cli {
namespace {

struct Args {
  std::string scan, gt, labels, view = "all", axis = "axial", mode = "outline", size, annotate = "all", out;
  std::vector<std::string> preds;
  std::optional<int> slice;
  std::optional<double> sliceMm;
  std::optional<std::uint32_t> atLabel, label;
  int montageCount = 12, montageStep = 0, columns = 0;
  bool overwrite = false, resample = false, neurological = false;
};

std::shared_ptr<const LabelImage> loadOnGrid(const std::string& path, const Geometry* grid,
                                             bool resample) {
  LabelImage image = loadLabelImage(path);
  if (grid) {
    std::string warning;
    image = conformToGrid(std::move(image), *grid, path, resample, &warning);
    if (!warning.empty()) std::cerr << "seglens-cli: warning: " << warning << "\n";
  }
  return std::make_shared<const LabelImage>(std::move(image));
}

int run(const Args& a) {
  namespace fs = std::filesystem;
  // Cheap checks first: a typo in --out should not cost a load and a render.
  std::error_code ec;
  if (!a.overwrite && fs::exists(a.out, ec)) {
    std::cerr << "seglens-cli: error: " << a.out << ": file exists (use --overwrite to replace it)\n";
    return kInputError;
  }
  const fs::path parent = fs::path(a.out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    std::cerr << "seglens-cli: error: " << a.out << ": folder " << parent.string()
              << " does not exist\n";
    return kInputError;
  }
  FigureRequest request;
  if (!a.size.empty()) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(a.size.c_str(), "%d%c%d", &w, &x, &h) != 3 || x != 'x' || w < 64 || h < 64 ||
        w > 16384 || h > 16384) {
      std::cerr << "seglens-cli: error: --size expects WxH between 64 and 16384, got " << a.size << "\n";
      return kUsage;
    }
    request.width = w;
    request.height = h;
  }
  std::string error;
  request.annotate = a.annotate != "none";
  if (!AnnotationOptions::parse(a.annotate, request.annotations, error)) {
    std::cerr << "seglens-cli: error: --annotate: " << error << "\n";
    return kUsage;
  }
  if (a.view == "montage" || a.view == "compare") {
    request.kind = a.view == "montage" ? FigureKind::Montage : FigureKind::Compare;
    request.view = a.axis == "coronal" ? ViewId::Coronal
                   : a.axis == "sagittal" ? ViewId::Sagittal : ViewId::Axial;
  } else if (a.view == "all") {
    request.kind = FigureKind::AllViews;
  } else {
    request.kind = FigureKind::View;
    request.view = a.view == "axial" ? ViewId::Axial
                   : a.view == "coronal" ? ViewId::Coronal
                   : a.view == "sagittal" ? ViewId::Sagittal : ViewId::ThreeD;
  }
  request.montageCount = a.montageCount;
  request.montageStep = a.montageStep;
  request.montageColumns = a.columns;
  if (a.view == "compare" && a.preds.empty()) {
    std::cerr << "seglens-cli: error: --view compare needs at least one --pred\n";
    return kUsage;
  }
  if (a.scan.empty() && a.gt.empty() && a.preds.empty()) {
    std::cerr << "seglens-cli: error: nothing to show: give --scan, --gt or --pred\n";
    return kUsage;
  }
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    std::cerr << "seglens-cli: error: screenshot renders with OpenGL and needs a display; "
                 "without one, run it under xvfb-run -a\n";
    return 1;
  }

  try {
    ViewerModel model;
    const std::string tablePath = a.labels.empty() ? LabelTable::findBeside(a.gt.empty() ? (a.preds.empty() ? "" : a.preds[0]) : a.gt) : a.labels;
    LabelTable table = tablePath.empty() ? LabelTable{} : LabelTable::load(tablePath);
    model.setLabelTable(table, QString::fromStdString(tablePath));
    std::optional<Geometry> grid;
    if (!a.scan.empty()) {
      auto scan = std::make_shared<const ScalarImage>(loadScalarImage(a.scan));
      grid = scan->geometry;
      model.setScan(scan, QString::fromStdString(a.scan));
    }
    std::shared_ptr<const LabelImage> gt;
    if (!a.gt.empty()) {
      gt = loadOnGrid(a.gt, grid ? &*grid : nullptr, a.resample);
      if (!grid) grid = gt->geometry;
      model.setGroundTruth(gt, QString::fromStdString(a.gt));
    }
    std::vector<int> ids;
    for (const std::string& p : a.preds) {
      auto image = loadOnGrid(p, grid ? &*grid : nullptr, a.resample);
      if (!grid) grid = image->geometry;
      ids.push_back(model.addPrediction(image, QString::fromStdString(p)));
    }
    if ((a.slice || a.sliceMm) && request.view == ViewId::ThreeD && request.kind == FigureKind::View) {
      std::cerr << "seglens-cli: error: --slice/--slice-mm need a slice view\n";
      return kUsage;
    }
    // The viewer's own view setup (model/ViewSetup): a scripted figure is the clicked one.
    ViewSetup setup;
    setup.style = a.mode == "fill" ? OverlayStyle::Fill
                  : a.mode == "error" ? OverlayStyle::Error : OverlayStyle::Outline;
    setup.label = a.label;
    setup.atLabel = a.atLabel;
    if (request.view != ViewId::ThreeD) setup.axis = ViewAxis(int(request.view));
    setup.slice = a.slice;
    setup.sliceMm = a.sliceMm;
    setup.convention = a.neurological ? Convention::Neurological : Convention::Radiological;
    try {
      applyViewSetup(model, setup);
    } catch (const ViewSetupError& e) {
      std::cerr << "seglens-cli: error: " << e.what() << "\n";
      return e.usage() ? kUsage : kInputError;
    }

    // A montage frames its label inside renderFigure, as the viewer's export does.
    FigureData data;
    const std::uint32_t sel = model.selectedLabel();
    if (gt && request.annotate && request.annotations.metrics)
      for (int id : ids) data.metrics[id] = figureMetrics(*gt, *model.layer(id)->image, sel, table);
    const bool needs3d = request.kind == FigureKind::AllViews ||
                         (request.kind == FigureKind::View && request.view == ViewId::ThreeD);
    if (needs3d) {
      std::vector<std::uint32_t> labels;
      if (sel) labels.push_back(sel);
      // A figure is not interactive: full-resolution surfaces (no triangle budget, 0).
      if (gt) data.gtSurface = buildSurface({gt, labels, nullptr, 15, 0, nullptr}, nullptr);
      if (const SegmentationLayer* p = model.activePrediction())
        data.predSurface = buildSurface({p->image, labels, gt, 15, 0, nullptr}, nullptr);
    }
    OffscreenRenderer renderer;
    FigureInfo info;
    const RgbImage image = renderFigure(model, request, data, renderer, &info);
    writePng(image, a.out, a.overwrite);
    std::cout << "wrote " << a.out << " (" << image.width << "x" << image.height;
    if (request.kind == FigureKind::Montage) std::cout << ", " << info.tiles << " slices";
    std::cout << ")\n";
    return kOk;
  } catch (const InputError& e) {
    std::cerr << "seglens-cli: error: " << e.what() << "\n";
    return kInputError;
  } catch (const std::exception& e) {
    // Rendering or the system failed, not the input: exit 1, as every subcommand does.
    std::cerr << "seglens-cli: internal error: " << e.what() << "\n";
    return kInternalError;
  }
}

}  // namespace

Runner addScreenshotCommand(CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "screenshot", "Render the viewer's figures offscreen to PNG (needs a display: xvfb-run -a)");
  cmd->footer(
      "Views: axial, coronal, sagittal, 3d, all (2x2 with a header), montage (lightbox of the\n"
      "label's extent along --axis), compare (the same slice for the GT and every\n"
      "prediction). --slice N is the slice number the viewer shows (1-based, along the view);\n"
      "--slice-mm the depth printed next to it. Modes: outline (GT filled, predictions outlined),\n"
      "fill (predictions filled over the GT outline), error (TP blue, FP vermillion, FN yellow).\n"
      "Annotations: metrics,legend,scalebar,orientation,position,name | all (default) | none.\n"
      "Without a display: xvfb-run -a seglens-cli screenshot ...");
  cmd->add_option("--scan", args->scan, "Scan (CT/MR)");
  cmd->add_option("--gt", args->gt, "Ground-truth label map");
  cmd->add_option("--pred", args->preds, "Prediction (repeat for several; the first is active)");
  cmd->add_option("--labels", args->labels, "Label table (default: a .txt next to the GT)");
  cmd->add_option("--view", args->view, "axial|coronal|sagittal|3d|all|montage|compare (default all)")
      ->check(CLI::IsMember({"axial", "coronal", "sagittal", "3d", "all", "montage", "compare"}));
  auto* slice = cmd->add_option("--slice", args->slice, "Slice number (1-based, as shown)");
  auto* sliceMm = cmd->add_option("--slice-mm", args->sliceMm, "Slice at this depth in mm");
  auto* atLabel = cmd->add_option("--at-label", args->atLabel, "Centre on this label");
  slice->excludes(sliceMm)->excludes(atLabel);
  sliceMm->excludes(atLabel);
  cmd->add_option("--label", args->label, "Label for metrics, focus and montage extent");
  cmd->add_option("--mode", args->mode, "fill|outline|error (default outline)")
      ->check(CLI::IsMember({"fill", "outline", "error"}));
  cmd->add_option("--size", args->size, "Image size WxH in pixels");
  cmd->add_option("--annotate", args->annotate, "Comma-separated annotations (default all)");
  cmd->add_option("--axis", args->axis, "Montage/compare slice axis: axial|coronal|sagittal")
      ->check(CLI::IsMember({"axial", "coronal", "sagittal"}));
  cmd->add_option("--montage-count", args->montageCount, "Montage: slices shown (default 12)")
      ->check(CLI::Range(1, 400));
  cmd->add_option("--montage-step", args->montageStep, "Montage: every k-th slice instead")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--columns", args->columns, "Montage: tile columns (default: best fit)")
      ->check(CLI::Range(1, 100));
  cmd->add_flag("--neurological", args->neurological, "Patient right on screen right");
  cmd->add_flag("--resample", args->resample, "Resample segmentations onto the scan's grid");
  cmd->add_option("--out", args->out, "Output PNG")->required();
  cmd->add_flag("--overwrite", args->overwrite, "Replace an existing output file");
  return [args]() {
    // Qt objects (the model) need an application object; no event loop runs.
    int argc = 1;
    char name[] = "seglens-cli";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    return run(*args);
  };
}

}  // namespace seglens::cli
#endif  // SEGLENS_HAVE_UI
