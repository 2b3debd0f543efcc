#pragma once
// Runs an export chosen in ExportDialog: asks before replacing files, computes the numbers on a
// worker thread (core only), then renders figures on the UI thread through offscreen windows
// (the viewer's own scenes at the export's pixel size) and writes the files. Remembers the last
// export folder.
#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>

#include "widgets/ExportDialog.h"
#include "model/BackgroundTask.h"
#include "render/Figure.h"

class QWidget;

namespace seglens {

class ViewArea;

class ExportController : public QObject {
  Q_OBJECT
 public:
  ExportController(ViewerModel& model, ViewArea& views, QWidget* window);
  ~ExportController() override;

  // Opens the dialog (File > Export..., toolbar button), with `settings` or the last export's.
  void showDialog(std::optional<ExportSettings> settings = std::nullopt);
  // Starts an export. With `askOverwrite`, existing files prompt a question; without, they are
  // an error (scripts and tests). Returns false when it could not start (busy, cancelled).
  bool start(const ExportSettings& settings, bool askOverwrite = true);
  bool busy() const { return running_; }
  // Files an export writes (tables: .csv and .json; profile: .csv and .png).
  static QStringList outputFiles(const ExportSettings& settings);

 Q_SIGNALS:
  // One per export; `error` empty on success, `files` the files written.
  void finished(const QStringList& files, const QString& error);
  // An export started from the dialog wrote these files (the window says where).
  void exported(const QStringList& files);

 private:
  struct Result;
  void onComputed();
  // Throws (InputError for a file it cannot write) and lists in `written` what it wrote.
  void renderAndWrite(const ExportSettings& s, Result& r, QStringList& written);
  RgbImage renderWindow(int scale);

  ViewerModel& model_;
  ViewArea& views_;
  QWidget* window_;
  QFutureWatcher<JobOutcome<std::shared_ptr<Result>>> watcher_;
  std::shared_ptr<Progress> token_;
  ExportSettings pending_;
  bool overwrite_ = false;
  bool interactive_ = false;
  std::optional<ExportSettings> last_;
  bool running_ = false;
};

}  // namespace seglens
