#include "widgets/LoadController.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>

#include "ImageIO.h"
#include "InputError.h"
#include "LabelTable.h"

namespace seglens {

LoadController::LoadController(ViewerModel& model, QWidget* dialogParent)
    : QObject(dialogParent), model_(model), parent_(dialogParent) {
  connect(&loader_, &Loader::finished, this, &LoadController::onLoaded);
}

bool LoadController::busy() const {
  return loader_.busy() || loader_.queued() > 0 || openDialogs_ > 0 || !roleQuestions_.empty();
}

void LoadController::setScripted(bool scripted, bool resampleOnMismatch) {
  scripted_ = scripted;
  resampleOnMismatch_ = resampleOnMismatch;
}

// Paths are made absolute when opened, against the working directory of that moment: layers
// keep them, and reports written later name files that can still be found.
void LoadController::replace(const QString& path, int layerId) {
  const SegmentationLayer* l = model_.layer(layerId);
  if (!l) return;
  const bool gt = model_.groundTruth() && model_.groundTruth()->id == layerId;
  // A GT is replaced in place by setGroundTruth already; a prediction keeps its layer.
  loader_.load(QFileInfo(path).absoluteFilePath(), gt ? LayerRole::GroundTruth : LayerRole::Prediction,
               gt ? 0 : layerId);
}

void LoadController::open(const QString& path, LayerRole role) {
  loader_.load(path.isEmpty() ? path : QFileInfo(path).absoluteFilePath(), role);
}

bool LoadController::openLabelTable(const QString& rawPath) {
  const QString path = rawPath.isEmpty() ? rawPath : QFileInfo(rawPath).absoluteFilePath();
  try {
    model_.setLabelTable(LabelTable::load(path.toStdString()), path);
    Q_EMIT labelTableOpened(path);
    return true;
  } catch (const std::exception& e) {
    fail(path, tr("Could not load the label table"), QString::fromStdString(e.what()));
    return false;
  }
}

std::optional<LayerRole> LoadController::guessRole(const QString& path) {
  const QString name = QFileInfo(path).fileName().toLower();
  // Whole-word hints only: "gt" inside another word (e.g. "length") says nothing.
  auto has = [&](const char* word) {
    return name.contains(QRegularExpression(QString("(^|[^a-z])%1([^a-z]|$)").arg(word)));
  };
  if (has("pred") || has("prediction") || has("seg_pred")) return LayerRole::Prediction;
  if (has("gt") || has("truth") || has("groundtruth") || has("reference")) return LayerRole::GroundTruth;
  if (has("scan") || has("image") || has("t1") || has("t2") || has("ct")) return LayerRole::Scan;
  return std::nullopt;
}

void LoadController::openDropped(const QStringList& paths) {
  for (const QString& path : paths) {
    const QString lower = path.toLower();
    if (lower.endsWith(".txt") || lower.endsWith(".label") || lower.endsWith(".lut")) {
      openLabelTable(path);
    } else if (auto role = guessRole(path)) {
      open(path, *role);
    } else {
      roleQuestions_.push_back(path);
    }
  }
  if (openDialogs_ == 0) askNextRole();
}

void LoadController::dialogClosed() {
  // Role questions wait while any dialog is open; whichever closes last asks the next one, or
  // a file dropped while an error was showing would never be asked about (and busy() would
  // never clear).
  if (--openDialogs_ == 0) askNextRole();
}

void LoadController::askNextRole() {
  if (roleQuestions_.empty()) return;
  const QString path = roleQuestions_.front();
  roleQuestions_.pop_front();
  auto* box = new QMessageBox(QMessageBox::Question, tr("Open as"),
                              tr("What is %1?").arg(QFileInfo(path).fileName()),
                              QMessageBox::Cancel, parent_);
  box->setObjectName("roleDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  auto* scan = box->addButton(tr("Scan"), QMessageBox::AcceptRole);
  auto* gt = box->addButton(tr("Ground truth"), QMessageBox::AcceptRole);
  auto* pred = box->addButton(tr("Prediction"), QMessageBox::AcceptRole);
  ++openDialogs_;
  connect(box, &QMessageBox::finished, this, [=] {
    if (box->clickedButton() == scan) open(path, LayerRole::Scan);
    else if (box->clickedButton() == gt) open(path, LayerRole::GroundTruth);
    else if (box->clickedButton() == pred) open(path, LayerRole::Prediction);
    dialogClosed();
  });
  box->open();
}

void LoadController::fail(const QString& path, const QString& title, const QString& message) {
  Q_EMIT loadFailed(path, message);
  // A dialog nobody can close would keep busy() true and a scripted run would never finish.
  if (scripted_) return;
  auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, parent_);
  box->setObjectName("errorDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  ++openDialogs_;
  connect(box, &QMessageBox::finished, this, &LoadController::dialogClosed);
  box->open();
  Q_EMIT errorShown(message);
}

void LoadController::adoptSiblingLabelTable(const QString& imagePath, LayerRole role) {
  // A table the user opened wins; so does the GT's over a prediction's, as in the CLI.
  const bool userTable = !model_.labelTablePath().isEmpty() && model_.labelTablePath() != siblingTable_;
  if (userTable) return;
  if (role != LayerRole::GroundTruth && (model_.groundTruth() || !model_.labelTablePath().isEmpty()))
    return;
  const QString found = QString::fromStdString(LabelTable::findBeside(imagePath.toStdString()));
  if (found.isEmpty() || found == model_.labelTablePath()) return;
  try {
    LabelTable table = LabelTable::load(found.toStdString());
    siblingTable_ = found;
    model_.setLabelTable(std::move(table), found);  // not a recent file: the user opened none
  } catch (const std::exception& e) {
    fail(found, tr("Could not load the label table"), QString::fromStdString(e.what()));
  }
}

void LoadController::onLoaded(const LoadResult& result) {
  const LoadRequest& req = result.request;
  if (result.cancelled) return;
  if (!result.error.isEmpty()) {
    // The model is untouched: whatever was loaded stays loaded.
    fail(req.path, tr("Could not open %1").arg(QFileInfo(req.path).fileName()), result.error);
    return;
  }
  if (result.scan) {
    // A scan on another grid than loaded segmentations would misplace them: refuse it.
    const SegmentationLayer* gt = model_.groundTruth();
    const SegmentationLayer* any = gt ? gt : (model_.predictions().empty() ? nullptr
                                                                            : &model_.predictions().front());
    if (any) {
      if (auto m = compareGeometry(result.scan->geometry, any->image->geometry)) {
        fail(req.path, tr("Could not open %1").arg(QFileInfo(req.path).fileName()),
                  tr("%1: the scan's grid differs from the loaded segmentation %2 (%3). Open the "
                     "scan first, then the segmentations, to resample them onto it.")
                      .arg(req.path, any->name, QString::fromStdString(m->message())));
        return;
      }
    }
    model_.setScan(result.scan, req.path);
    Q_EMIT fileOpened(req.path, req.role);
    return;
  }
  const Geometry* ref = model_.referenceGeometry();
  // A GT replacing the only layer defining the grid is its own reference.
  const bool gtIsReference = req.role == LayerRole::GroundTruth && !model_.scan() &&
                             model_.predictions().empty();
  if (ref && !gtIsReference && !req.resampleSource) {
    if (auto m = compareGeometry(*ref, result.labels->geometry)) {
      const Geometry target = *ref;
      auto image = result.labels;
      if (scripted_ && resampleOnMismatch_) {
        loader_.resample(image, target, req.path, req.role, req.replaceId);
        return;
      }
      if (scripted_) {
        fail(req.path, tr("Different image grid"),
             tr("%1: not on the grid of the loaded images (%2); --resample resamples it")
                 .arg(req.path, QString::fromStdString(m->message())));
        return;
      }
      auto* box = new QMessageBox(
          QMessageBox::Warning, tr("Different image grid"),
          tr("%1 (%2) is not on the grid of the loaded images.\n\n%3.\n\nResample it onto the "
             "reference grid with nearest-neighbour interpolation?")
              .arg(QFileInfo(req.path).fileName(), tr(layerRoleName(req.role)),
                   QString::fromStdString(m->message())),
          QMessageBox::Cancel, parent_);
      box->setObjectName("gridMismatchDialog");
      box->setAttribute(Qt::WA_DeleteOnClose);
      auto* resample = box->addButton(tr("Resample (nearest neighbour)"), QMessageBox::AcceptRole);
      ++openDialogs_;
      const QString path = req.path;
      const LayerRole role = req.role;
      const int replaceId = req.replaceId;
      connect(box, &QMessageBox::finished, this, [=] {
        if (box->clickedButton() == resample) loader_.resample(image, target, path, role, replaceId);
        dialogClosed();
      });
      box->open();
      return;
    }
  }
  adoptSiblingLabelTable(req.path, req.role);
  QString note;
  if (req.resampleSource)
    if (auto m = compareGeometry(*req.resampleTarget, req.resampleSource->geometry))
      note = QString::fromStdString(resampleWarning(QFileInfo(req.path).absoluteFilePath().toStdString(), *m));
  if (req.role == LayerRole::GroundTruth) model_.setGroundTruth(result.labels, req.path, note);
  else if (req.replaceId && model_.layer(req.replaceId))
    model_.replaceLayerFile(req.replaceId, result.labels, req.path, note);
  else model_.addPrediction(result.labels, req.path, note);
  Q_EMIT fileOpened(req.path, req.role);
}

}  // namespace seglens
