#pragma once
// The 3D view's scene as a vtkRenderer usable in any render window (widget or offscreen): GT and
// active-prediction surfaces, the volume's outline box, the crosshair as three lines, and a
// colour bar in membership mode. Surfaces come from SurfaceBuilder (built elsewhere, async).
#include <vtkSmartPointer.h>

#include <string>

#include "model/ViewGeometry.h"

class vtkActor;
class vtkLookupTable;
class vtkPoints;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace seglens {

class ViewerModel;

class SurfaceScene {
 public:
  explicit SurfaceScene(const ViewerModel& model);
  ~SurfaceScene();
  SurfaceScene(const SurfaceScene&) = delete;
  SurfaceScene& operator=(const SurfaceScene&) = delete;

  vtkRenderer* renderer() const;
  // Either may be null (not loaded, or no voxel of the selected labels).
  void setSurfaces(vtkSmartPointer<vtkPolyData> gt, vtkSmartPointer<vtkPolyData> pred);
  // While held back the GT surface is assigned (and counts for fitToSurfaces) but not drawn. The
  // first draw of a surface uploads its buffers and compiles its shaders (the translucent GT has
  // its own); holding the GT back for one frame splits that freeze in two.
  void holdBackGt(bool hold);
  void refreshColoring();   // label colours / membership, label table
  void refreshCrosshair();
  void refreshBounds();     // reference volume changed: outline box, camera
  void resetCamera();
  // Keeps the viewing direction and zooms to the surfaces (or the volume when there are none).
  void fitToSurfaces();
  void setStatus(const std::string& text);
  void setFontScale(double scale);
  vtkPolyData* gtSurface() const;
  vtkPolyData* predSurface() const;

 private:
  const ViewerModel& model_;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkActor> gt_, pred_, outline_, cross_;
  vtkSmartPointer<vtkPoints> outlinePoints_, crossPoints_;
  vtkSmartPointer<vtkLookupTable> labelLut_, membershipLut_, distanceLut_;
  vtkSmartPointer<vtkScalarBarActor> colorBar_;
  vtkSmartPointer<vtkTextActor> title_, status_;
  bool cameraSet_ = false;
  bool gtHeld_ = false;
};

}  // namespace seglens
