#include "render/OffscreenRenderer.h"

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "AtomicFile.h"

namespace seglens {

RgbImage::RgbImage(int w, int h, std::array<std::uint8_t, 3> fill)
    : width(w), height(h), rgb(std::size_t(w) * std::size_t(h) * 3) {
  for (std::size_t i = 0; i < rgb.size(); i += 3) std::memcpy(&rgb[i], fill.data(), 3);
}

std::array<std::uint8_t, 3> RgbImage::pixel(int x, int y) const {
  const std::size_t o = (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
  return {rgb[o], rgb[o + 1], rgb[o + 2]};
}

void RgbImage::setPixel(int x, int y, std::array<std::uint8_t, 3> c) {
  if (x < 0 || y < 0 || x >= width || y >= height) return;
  std::memcpy(&rgb[(std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3], c.data(), 3);
}

void RgbImage::blit(const RgbImage& src, int x, int y) {
  const int x0 = std::max(0, x), x1 = std::min(width, x + src.width);
  if (x1 <= x0) return;
  for (int sy = 0; sy < src.height; ++sy) {
    const int dy = y + sy;
    if (dy < 0 || dy >= height) continue;
    std::memcpy(&rgb[(std::size_t(dy) * std::size_t(width) + std::size_t(x0)) * 3],
                &src.rgb[(std::size_t(sy) * std::size_t(src.width) + std::size_t(x0 - x)) * 3],
                std::size_t(x1 - x0) * 3);
  }
}

OffscreenRenderer::OffscreenRenderer() : window_(vtkSmartPointer<vtkRenderWindow>::New()) {
  window_->SetOffScreenRendering(1);
  // Slices gain nothing from multisampling and software GL pays for it in full.
  window_->SetMultiSamples(0);
  window_->SetAlphaBitPlanes(0);
}

OffscreenRenderer::~OffscreenRenderer() = default;

RgbImage OffscreenRenderer::render(const std::vector<vtkRenderer*>& layers, int width, int height,
                                   const std::function<void()>& beforeRender) {
  if (width <= 0 || height <= 0 || layers.empty()) return {};
  window_->SetNumberOfLayers(int(layers.size()));
  window_->SetSize(width, height);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    layers[i]->SetLayer(int(i));
    window_->AddRenderer(layers[i]);
  }
  if (beforeRender) beforeRender();
  window_->Render();
  vtkNew<vtkUnsignedCharArray> pixels;
  // Read the back buffer: the one just drawn (offscreen windows are never swapped to a screen).
  window_->GetPixelData(0, 0, width - 1, height - 1, 0, pixels);
  for (vtkRenderer* r : layers) {
    window_->RemoveRenderer(r);
    r->SetLayer(0);
  }
  RgbImage out(width, height);
  const std::uint8_t* src = pixels->GetPointer(0);
  // OpenGL rows are bottom-up.
  for (int y = 0; y < height; ++y)
    std::memcpy(&out.rgb[std::size_t(height - 1 - y) * std::size_t(width) * 3],
                src + std::size_t(y) * std::size_t(width) * 3, std::size_t(width) * 3);
  return out;
}

void writePng(const RgbImage& image, const std::string& path, bool overwrite) {
  namespace fs = std::filesystem;
  if (image.empty()) throw std::runtime_error(path + ": nothing to write (empty image)");
  if (!overwrite && fs::exists(path))
    throw std::runtime_error(path + ": file exists (use --overwrite to replace it)");
  vtkNew<vtkImageData> data;
  data->SetDimensions(image.width, image.height, 1);
  data->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  auto* dst = static_cast<std::uint8_t*>(data->GetScalarPointer());
  for (int y = 0; y < image.height; ++y)
    std::memcpy(dst + std::size_t(image.height - 1 - y) * std::size_t(image.width) * 3,
                &image.rgb[std::size_t(y) * std::size_t(image.width) * 3],
                std::size_t(image.width) * 3);
  // The writer picks its format from nothing but this class, so the temporary name is free.
  AtomicFile::writeWith(path, [&](const std::string& tmp) {
    vtkNew<vtkPNGWriter> writer;
    writer->SetInputData(data);
    writer->SetFileName(tmp.c_str());
    writer->Write();
    std::error_code ec;
    if (writer->GetErrorCode() != 0 || !fs::exists(tmp) || fs::file_size(tmp, ec) == 0)
      throw std::runtime_error(path + ": cannot write (check the folder exists and is writable)");
  });
}

RgbImage readPng(const std::string& path) {
  vtkNew<vtkPNGReader> reader;
  if (!reader->CanReadFile(path.c_str())) throw std::runtime_error(path + ": not a PNG");
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* data = reader->GetOutput();
  int dims[3];
  data->GetDimensions(dims);
  const int comps = data->GetNumberOfScalarComponents();
  RgbImage out(dims[0], dims[1]);
  auto* src = static_cast<const std::uint8_t*>(data->GetScalarPointer());
  for (int y = 0; y < dims[1]; ++y)
    for (int x = 0; x < dims[0]; ++x) {
      const std::uint8_t* p = src + (std::size_t(y) * std::size_t(dims[0]) + std::size_t(x)) * comps;
      out.setPixel(x, dims[1] - 1 - y, {p[0], p[comps > 2 ? 1 : 0], p[comps > 2 ? 2 : 0]});
    }
  return out;
}

}  // namespace seglens
