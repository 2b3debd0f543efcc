#pragma once
// Renders VTK renderers into an offscreen window of any size and hands back the pixels, so a
// figure can be assembled from tiles (each rendered at its final resolution, never a scaled
// bitmap) and saved as PNG. Used by the GUI's export and by `seglens-cli screenshot`.
#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

class vtkRenderWindow;
class vtkRenderer;

namespace seglens {

// 8-bit RGB, rows top-down (image order, as PNG stores them).
struct RgbImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;

  RgbImage() = default;
  RgbImage(int w, int h, std::array<std::uint8_t, 3> fill = {0, 0, 0});
  std::array<std::uint8_t, 3> pixel(int x, int y) const;  // x right, y down
  void setPixel(int x, int y, std::array<std::uint8_t, 3> c);
  // Copies `src` with its top-left corner at (x, y), clipped to this image.
  void blit(const RgbImage& src, int x, int y);
  bool empty() const { return width == 0 || height == 0; }
};

class OffscreenRenderer {
 public:
  OffscreenRenderer();
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  // Renders `layers` (layer 0 first; later ones draw on top with a transparent background) into
  // a w x h image. `beforeRender` runs once the renderers know their pixel size (annotations
  // that depend on it lay themselves out there). The renderers are detached afterwards.
  RgbImage render(const std::vector<vtkRenderer*>& layers, int width, int height,
                  const std::function<void()>& beforeRender = {});

 private:
  vtkSmartPointer<vtkRenderWindow> window_;
};

// Writes a PNG. Refuses to replace an existing file unless `overwrite` (throws
// std::runtime_error naming the file); writes to a temporary name first and renames, so a
// failed write never leaves a truncated image.
void writePng(const RgbImage& image, const std::string& path, bool overwrite = false);
RgbImage readPng(const std::string& path);

}  // namespace seglens
