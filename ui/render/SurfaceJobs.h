#pragma once
// The 3D view's surfaces as a slot of derived data: rebuilt in the background whenever the GT,
// the active prediction, the selected label or the need for signed distances changes, through
// the model's JobSlot (latest request wins, stale results dropped, failures kept and reported).
// The view only reads what this delivers; it keeps no job state of its own.
#include <QObject>
#include <QString>
#include <vtkSmartPointer.h>

#include "model/JobSlot.h"
#include "model/ViewerModel.h"

class vtkPolyData;

namespace seglens {

struct SurfacePair {
  vtkSmartPointer<vtkPolyData> gt, pred;
};

class SurfaceJobs : public QObject {
  Q_OBJECT
 public:
  explicit SurfaceJobs(ViewerModel& model, QObject* parent = nullptr);
  ~SurfaceJobs() override;
  bool busy() const { return slot_.busy(); }
  JobState state() const { return slot_.state(); }
  // Rebuilds if the inputs changed since the last request (connected to the model's signals).
  void schedule();

 Q_SIGNALS:
  void started();
  // The surfaces of the current inputs (either may be null: no GT, no prediction).
  void built(const seglens::SurfacePair& surfaces);
  // Nothing is loaded: no surfaces.
  void cleared();
  void failed(const QString& message);

 private:
  InputKey currentKey(bool withDistances = false) const;

  ViewerModel& model_;
  JobSlot<SurfacePair> slot_;
};

}  // namespace seglens
