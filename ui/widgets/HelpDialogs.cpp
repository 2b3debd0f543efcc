#include "widgets/HelpDialogs.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtGlobal>
#include <vtkVersion.h>

#include "Version.h"
#include "render/OverlayColors.h"

namespace seglens {

namespace {

// The README's table (section "The viewer"), kept in the same order.
const char* const kShortcuts[][2] = {
    {"left click / drag", "move the crosshair (all views follow)"},
    {"mouse wheel, Page Up / Page Down", "next / previous slice"},
    {"arrow keys", "move the crosshair by one voxel in the view's plane"},
    {"right drag", "zoom"},
    {"middle drag, Ctrl + left drag", "pan"},
    {"Shift + left drag", "window (horizontal) / level (vertical)"},
    {"double-click, M", "maximise this view / back to the previous layout"},
    {"R", "reset zoom, pan and crosshair (in 3D: reset the camera)"},
    {"Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "2x2 / 1x3 / single view / compare"},
    {"E", "error map on/off"},
    {"D", "colour the 3D prediction by signed distance to the GT surface"},
    {"Ctrl+O / Ctrl+G / Ctrl+P / Ctrl+L", "open scan / ground truth / add prediction / label table"},
    {"Ctrl+Shift+E", "export a figure, table, profile or map"},
    {"? or F1", "this list"},
};

QString swatch(const colors::Rgb& c) {
  return QString("<span style='background-color: rgb(%1,%2,%3)'>&nbsp;&nbsp;&nbsp;&nbsp;</span>")
      .arg(c[0]).arg(c[1]).arg(c[2]);
}

void showHtml(QWidget* parent, const char* name, const QString& title, const QString& html) {
  auto* dialog = new QDialog(parent);
  dialog->setObjectName(name);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(title);
  auto* text = new QTextBrowser(dialog);
  text->setObjectName("helpText");
  text->setOpenExternalLinks(false);
  text->setHtml(html);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(text);
  layout->addWidget(buttons);
  dialog->resize(560, 460);
  dialog->open();  // window-modal, returns at once
}

}  // namespace

void showShortcuts(QWidget* parent) {
  QString html = "<h3>Keyboard and mouse</h3><table cellspacing='0' cellpadding='3'>";
  for (const auto& row : kShortcuts)
    html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>")
                .arg(QString(row[0]).toHtmlEscaped(), QString(row[1]).toHtmlEscaped());
  html += "</table><p>Slice numbers and voxel indices are 1-based everywhere you read them.</p>";
  showHtml(parent, "shortcutsDialog", QObject::tr("Keyboard and mouse"), html);
}

void showErrorMapHelp(QWidget* parent) {
  const QString html =
      "<h3>Reading the error map</h3>"
      "<p>The error map (View &gt; Error map, <b>E</b>) compares the <i>active</i> prediction with the "
      "ground truth voxel by voxel:</p><p>" +
      swatch(colors::kTruePositive) + " <b>TP</b>: both say the label is here.<br>" +
      swatch(colors::kFalsePositive) + " <b>FP</b>: only the prediction does (over-segmentation).<br>" +
      swatch(colors::kFalseNegative) + " <b>FN</b>: only the ground truth does (missed).</p>"
      "<p>The toolbar's <i>Error map over</i> box chooses the scope: the selected label (default; "
      "every other structure is ignored) or all labels, where a voxel given another non-zero label "
      "than the ground truth's counts as FP. Dice = 2TP / (2TP + FP + FN) of exactly these voxels.</p>"
      "<p>The colours are colour-blind safe and never used for anything else; the local metric maps "
      "use a different, sequential palette.</p>";
  showHtml(parent, "errorMapHelpDialog", QObject::tr("Reading the error map"), html);
}

void showAbout(QWidget* parent) {
  const QString html =
      QString("<h3>SegLens %1</h3><p>Ground truth and predictions of medical segmentation models, "
              "side by side, with the numbers that say where they agree.</p>"
              "<p>Built with Qt %2 (running %3), VTK %4, %5.</p>")
          .arg(QString::fromStdString(seglensVersion()), QT_VERSION_STR, qVersion(),
               vtkVersion::GetVTKVersion(), QString::fromStdString(coreLibraryVersions()));
  showHtml(parent, "aboutDialog", QObject::tr("About SegLens"), html);
}

}  // namespace seglens
