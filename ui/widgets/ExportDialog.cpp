#include "widgets/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace seglens {

namespace {

const char* kKindNames[] = {"Screenshot: one view",    "Screenshot: all views",
                            "Screenshot: whole window", "Montage (lightbox)",
                            "Side by side: GT and every prediction",
                            "Metrics table (CSV + JSON)", "Per-slice profile (CSV + PNG)",
                            "Local metric map (NIfTI)"};
const char* kBaseNames[] = {"view", "all_views", "window", "montage", "compare",
                            "metrics", "profile", "metric_map"};

bool isImage(ExportKind k) { return int(k) <= int(ExportKind::Compare); }

}  // namespace

ExportDialog::ExportDialog(const ViewerModel& model, QWidget* parent)
    : QDialog(parent), model_(model) {
  setWindowTitle(tr("Export"));
  auto* form = new QFormLayout;
  kind_ = new QComboBox(this);
  for (const char* k : kKindNames) kind_->addItem(tr(k));
  kind_->setObjectName("exportKind");
  form->addRow(tr("Export"), kind_);
  view_ = new QComboBox(this);
  for (const char* v : {"Axial", "Coronal", "Sagittal", "3D"}) view_->addItem(tr(v));
  form->addRow(tr("View / slice axis"), view_);
  magnification_ = new QComboBox(this);
  for (int m : {1, 2, 4}) magnification_->addItem(m == 1 ? tr("Screen resolution") : tr("%1x (rendered at that size)").arg(m), m);
  form->addRow(tr("Resolution"), magnification_);

  auto* montage = new QHBoxLayout;
  montageMode_ = new QComboBox(this);
  montageMode_->addItem(tr("Evenly spaced slices"));
  montageMode_->addItem(tr("Every k-th slice"));
  montageValue_ = new QSpinBox(this);
  montageValue_->setRange(1, 400);
  montageValue_->setValue(12);
  montage->addWidget(montageMode_);
  montage->addWidget(montageValue_);
  form->addRow(tr("Montage (label's extent)"), montage);

  profileAxis_ = new QComboBox(this);
  for (const char* a : {"x (i)", "y (j)", "z (k)"}) profileAxis_->addItem(a);
  profileAxis_->setCurrentIndex(2);
  form->addRow(tr("Profile axis"), profileAxis_);
  auto* map = new QHBoxLayout;
  mapMetric_ = new QComboBox(this);
  mapMetric_->addItems({"Dice", "Jaccard", "F1"});
  mapWindow_ = new QDoubleSpinBox(this);
  mapWindow_->setRange(MetricsModel::kLocalWindowMinMm, MetricsModel::kLocalWindowMaxMm);
  mapWindow_->setValue(MetricsModel::kLocalWindowDefaultMm);
  mapWindow_->setSuffix(" mm window");
  map->addWidget(mapMetric_);
  map->addWidget(mapWindow_);
  form->addRow(tr("Metric map"), map);

  auto* ann = new QGroupBox(tr("Burned-in annotations"), this);
  ann->setCheckable(true);
  annotate_ = new QCheckBox(this);  // mirrors the group's check state
  connect(ann, &QGroupBox::toggled, annotate_, &QCheckBox::setChecked);
  annotate_->setChecked(true);
  annotate_->hide();
  auto* grid = new QGridLayout(ann);
  metrics_ = new QCheckBox(tr("Metrics:"), this);
  dice_ = new QCheckBox("Dice", this);
  jaccard_ = new QCheckBox("Jaccard", this);
  f1_ = new QCheckBox("F1", this);
  hd95_ = new QCheckBox("HD95", this);
  name_ = new QCheckBox(tr("Prediction name"), this);
  legend_ = new QCheckBox(tr("Legend"), this);
  position_ = new QCheckBox(tr("Slice position"), this);
  orientation_ = new QCheckBox(tr("Orientation letters"), this);
  scaleBar_ = new QCheckBox(tr("Scale bar"), this);
  grid->addWidget(metrics_, 0, 0);
  grid->addWidget(dice_, 0, 1);
  grid->addWidget(jaccard_, 0, 2);
  grid->addWidget(f1_, 0, 3);
  grid->addWidget(hd95_, 0, 4);
  grid->addWidget(name_, 1, 0);
  grid->addWidget(legend_, 1, 1);
  grid->addWidget(position_, 1, 2, 1, 2);
  grid->addWidget(orientation_, 2, 0);
  grid->addWidget(scaleBar_, 2, 1);
  for (QCheckBox* c : {metrics_, dice_, jaccard_, f1_, hd95_, name_, legend_, position_,
                       orientation_, scaleBar_})
    c->setChecked(true);

  auto* pathRow = new QHBoxLayout;
  path_ = new QLineEdit(this);
  path_->setObjectName("exportPath");
  auto* browse = new QPushButton(tr("Browse..."), this);
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);
  connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
  form->addRow(tr("File"), pathRow);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(ann);
  layout->addWidget(buttons);

  connect(kind_, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
    // Follow the kind with the file name unless the user typed one.
    if (path_->text().isEmpty() || path_->text() == lastAutoName_) path_->setText(defaultName());
    lastAutoName_ = defaultName();
    updateEnabled();
  });
  connect(metrics_, &QCheckBox::toggled, this, &ExportDialog::updateEnabled);
  lastAutoName_ = defaultName();
  path_->setText(lastAutoName_);
  updateEnabled();
}

QString ExportDialog::defaultName() const {
  const QString dir = QSettings().value("exportDir", QDir::homePath()).toString();
  const int k = kind_->currentIndex();
  const ExportKind kind = ExportKind(k);
  const QString ext = isImage(kind) ? ".png" : kind == ExportKind::MetricMap ? ".nii.gz" : ".csv";
  QString base = kBaseNames[k];
  if (const SegmentationLayer* p = model_.activePrediction(); p && kind != ExportKind::MetricsTable)
    base = p->name + "_" + base;
  return QDir(dir).filePath(base + ext);
}

void ExportDialog::browse() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), path_->text(), QString(),
                                                    nullptr, QFileDialog::DontConfirmOverwrite);
  if (!path.isEmpty()) path_->setText(path);
}

void ExportDialog::updateEnabled() {
  const ExportKind k = ExportKind(kind_->currentIndex());
  const bool image = isImage(k);
  view_->setEnabled(k == ExportKind::View || k == ExportKind::Montage || k == ExportKind::Compare);
  magnification_->setEnabled(image);
  montageMode_->setEnabled(k == ExportKind::Montage);
  montageValue_->setEnabled(k == ExportKind::Montage);
  profileAxis_->setEnabled(k == ExportKind::Profile);
  mapMetric_->setEnabled(k == ExportKind::MetricMap);
  mapWindow_->setEnabled(k == ExportKind::MetricMap);
  if (auto* group = qobject_cast<QGroupBox*>(metrics_->parentWidget()))
    group->setEnabled(image && k != ExportKind::Window);
  for (QCheckBox* c : {dice_, jaccard_, f1_, hd95_}) c->setEnabled(metrics_->isChecked());
}

ExportSettings ExportDialog::settings() const {
  ExportSettings s;
  s.kind = ExportKind(kind_->currentIndex());
  s.view = ViewId(view_->currentIndex());
  s.magnification = magnification_->currentData().toInt();
  s.annotate = annotate_->isChecked();
  AnnotationOptions& o = s.annotations;
  o.metrics = metrics_->isChecked();
  o.name = name_->isChecked();
  o.legend = legend_->isChecked();
  o.position = position_->isChecked();
  o.orientation = orientation_->isChecked();
  o.scaleBar = scaleBar_->isChecked();
  o.dice = dice_->isChecked();
  o.jaccard = jaccard_->isChecked();
  o.f1 = f1_->isChecked();
  o.hd95 = hd95_->isChecked();
  if (montageMode_->currentIndex() == 0) s.montageCount = montageValue_->value();
  else s.montageStep = montageValue_->value();
  s.profileAxis = profileAxis_->currentIndex();
  s.mapMetric = LocalMetric(mapMetric_->currentIndex());
  s.mapWindowMm = mapWindow_->value();
  s.path = path_->text();
  return s;
}

void ExportDialog::setSettings(const ExportSettings& s) {
  kind_->setCurrentIndex(int(s.kind));
  view_->setCurrentIndex(int(s.view));
  magnification_->setCurrentIndex(magnification_->findData(s.magnification));
  // An empty path keeps the default name the kind chose (a new file next to the last one).
  if (!s.path.isEmpty()) path_->setText(s.path);
}

}  // namespace seglens
