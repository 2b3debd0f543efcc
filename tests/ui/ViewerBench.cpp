// Scroll benchmark: a 512x512 axial slice with scan + GT + prediction overlays (fill + outline),
// stepped through the volume with the real SliceScene pipelines into an offscreen render window.
// Prints frames per second; exits 1 below the 60 fps target only with --strict.
#include <QCoreApplication>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <random>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkProp.h>
#include <vtkPropCollection.h>
#include <vtkRenderer.h>

#include "render/SliceScene.h"
#include "model/ViewerModel.h"

using namespace seglens;

namespace {

// Smooth blobs: a scan-like intensity field and labels from thresholded distance fields.
void makeVolumes(const Geometry& g, ScalarImage& scan, std::vector<std::uint32_t>& gt,
                 std::vector<std::uint32_t>& pred) {
  scan.geometry = g;
  scan.voxels.resize(g.voxelCount());
  gt.assign(g.voxelCount(), 0);
  pred.assign(g.voxelCount(), 0);
  std::mt19937 rng(7);
  struct Ball { double x, y, z, r; std::uint32_t label; };
  std::vector<Ball> balls;
  for (int b = 0; b < 24; ++b)
    balls.push_back({double(rng() % g.size[0]), double(rng() % g.size[1]), double(rng() % g.size[2]),
                     20.0 + rng() % 60, std::uint32_t(1 + b % 12)});
  for (std::size_t k = 0; k < g.size[2]; ++k)
    for (std::size_t j = 0; j < g.size[1]; ++j)
      for (std::size_t i = 0; i < g.size[0]; ++i) {
        const std::size_t lin = g.linearIndex(i, j, k);
        scan.voxels[lin] = float(100 + 50 * std::sin(i * 0.05) * std::cos(j * 0.07) + (lin % 13));
        for (const Ball& b : balls) {
          const double dx = double(i) - b.x, dy = double(j) - b.y, dz = double(k) - b.z;
          const double d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < b.r * b.r) gt[lin] = b.label;
          if (d2 < (b.r + 2) * (b.r + 2) && dx > -b.r * 0.8) pred[lin] = b.label;
        }
      }
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  bool strict = false;
  int depth = 120;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--strict")) strict = true;
    else if (!std::strcmp(argv[i], "--slices") && i + 1 < argc) depth = std::atoi(argv[++i]);
  }
  Geometry g;
  g.size = {512, 512, std::size_t(depth)};
  g.spacing = {0.7, 0.7, 1.5};
  auto scan = std::make_shared<ScalarImage>();
  std::vector<std::uint32_t> gt, pred;
  makeVolumes(g, *scan, gt, pred);
  ViewerModel model;
  model.setScan(scan, "bench_scan.nii.gz");
  model.setGroundTruth(std::make_shared<LabelImage>(LabelImage::fromLabels(g, gt.data())), "gt.nii.gz");
  model.addPrediction(std::make_shared<LabelImage>(LabelImage::fromLabels(g, pred.data())), "pred.nii.gz");

  SliceScene scene(model, ViewAxis::Axial);
  scene.rebuild();
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(512, 512);
  SliceScene::configureWindow(window);
  window->AddRenderer(scene.renderer());
  window->Render();  // first frame: context and texture setup, not timed

  auto run = [&](const char* what) {
    const int frames = 2 * (depth - 1);
    const auto start = std::chrono::steady_clock::now();
    for (int f = 0; f < frames; ++f) {
      const int k = f < depth - 1 ? f + 1 : 2 * (depth - 1) - f - 1;  // up then back down
      scene.showSlice(k);
      window->Render();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double fps = frames / s;
    // The CPU share: resampling and colouring the layers without drawing.
    const auto cpuStart = std::chrono::steady_clock::now();
    for (int f = 0; f < frames; ++f) scene.showSlice(1 + f % (depth - 1));
    const double cpu = std::chrono::duration<double>(std::chrono::steady_clock::now() - cpuStart).count();
    std::printf("  (layers without drawing: %.2f ms/frame)\n", 1000 * cpu / frames);
    std::printf("viewer scroll 512x512, %-34s %6.1f fps (%.2f ms/frame, %d frames)\n", what, fps,
                1000 * s / frames, frames);
    return fps;
  };
  {
    // Drawing only (no layer changes): what the render window itself costs per frame, and the
    // share of the slice image (the rest is crosshair and text).
    auto redraw = [&] {
      const auto t0 = std::chrono::steady_clock::now();
      for (int f = 0; f < 50; ++f) {
        scene.renderer()->Modified();
        window->Render();
      }
      return 1000 * std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 50;
    };
    std::printf("  (redraw without changes: %.2f ms/frame)\n", redraw());
    std::vector<vtkProp*> images;
    vtkPropCollection* props = scene.renderer()->GetViewProps();
    props->InitTraversal();
    while (vtkProp* p = props->GetNextProp())
      if (p->IsA("vtkImageActor") && p->GetVisibility()) images.push_back(p);
    for (vtkProp* p : images) p->SetVisibility(false);
    std::printf("  (redraw of crosshair and text alone: %.2f ms/frame)\n", redraw());
    for (vtkProp* p : images) p->SetVisibility(true);
  }
  const double fill = run("scan + GT fill + pred outline:");
  model.setDisplayMode(DisplayMode::ErrorMap);
  scene.refreshOverlays();
  const double error = run("scan + error map:");
  // Zoomed in 3x: the visible voxels are upsampled on the CPU (bilinear scan, nearest labels).
  model.setDisplayMode(DisplayMode::Labels);
  ViewCamera cam = model.camera(ViewAxis::Axial);
  cam.zoom = 3;
  model.setCamera(ViewAxis::Axial, cam);
  scene.refreshOverlays();
  const double zoomed = run("zoom 3x, scan + GT + pred:");
  std::printf("target: >= 60 fps\n");
  return strict && std::min({fill, error, zoomed}) < 60 ? 1 : 0;
}
