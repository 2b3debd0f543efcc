#include "Report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "LesionReport.h"

namespace seglens {
namespace {

using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string toleranceKey(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", t);
  return buf;
}

std::string num(const std::optional<double>& v) {
  if (!v) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* hd95Name(Hd95Mode m) {
  switch (m) {
    case Hd95Mode::Pooled: return "pooled";
    case Hd95Mode::Mean: return "mean";
    default: return "max";
  }
}

const char* surfaceName(SurfaceDefinition s) {
  switch (s) {
    case SurfaceDefinition::Surfel: return "surfel";
    case SurfaceDefinition::Both: return "both";
    default: return "voxel";
  }
}

// The surfel fields' names: bare in surfel mode, prefixed beside the voxel ones in `both`.
std::string surfelPrefix(const Conventions& c) { return c.voxelSurface() ? "surfel_" : ""; }

json surfelConventionsJson(const Conventions& c) {
  json j;
  j["fields"] = surfelPrefix(c) + "hd, " + surfelPrefix(c) + "hd95, " + surfelPrefix(c) +
                "asd_ref_to_pred, " + surfelPrefix(c) + "asd_pred_to_ref, " + surfelPrefix(c) +
                "masd, " + surfelPrefix(c) + "nsd";
  j["surface"] =
      "DeepMind surface-distance: corners of the voxel grid (crop to the union bounding box plus "
      "one corner plane) whose 2x2x2 neighbour code is neither 0 nor 255; each surfel's area is "
      "its marching-cubes triangles' area at the spacing";
  j["distance"] = "exact Euclidean distance in mm from each surfel corner to the nearest surfel "
                  "corner of the other mask";
  j["asd"] = "asd_ref_to_pred = sum d(A->B)*a / sum a over the reference's surfels; "
             "asd_pred_to_ref likewise; masd = their mean";
  j["hd95"] = "per direction the first distance (sorted by distance, then area) whose cumulative "
              "area fraction reaches percentile/100, no interpolation; max of the two directions "
              "(the --hd95 mode applies to the voxel surface only)";
  j["hd"] = "max over both directions of the surfel distances";
  j["nsd"] = "(sum a[d(A->B) <= tau] + sum a[d(B->A) <= tau]) / (total area of both)";
  j["empty"] = "as the package, whatever --empty and --empty-distance say: both masks empty: hd "
               "and hd95 are infinite, the averages and nsd NaN; one empty: hd, hd95 and the "
               "averages infinite (or NaN), nsd 0, flagged empty_one; infinite and NaN are null";
  return j;
}

}  // namespace

json conventionsJson(const Conventions& c) {
  json j;
  j["background"] = "label 0 is background and is never evaluated as a label";
  j["empty"] = c.empty == EmptyPolicy::One ? "one" : "nan";
  j["empty_both"] =
      c.empty == EmptyPolicy::One
          ? "label absent from both images: dice, jaccard, f1, tversky, volume_similarity, "
            "soft_dice = 1 (Metrics Reloaded); flagged empty_both"
          : "label absent from both images: those scores are null and excluded from the mean "
            "(nnU-Net/MONAI); flagged empty_both";
  j["undefined_ratios"] = "any other 0/0 ratio is null, never NaN";
  j["f1"] = "F1 equals Dice on voxels (2TP/(2TP+FP+FN)); reported for clarity";
  j["volume_similarity"] = "1 - |FN-FP| / (2TP+FP+FN)";
  j["relative_volume_difference"] = "(predicted - reference) / reference volume";
  j["volumes"] = "voxel count x voxel volume, mm^3";
  j["mean"] = "macro mean over evaluated labels of each metric, nulls excluded";
  j["foreground"] = "any non-zero label vs background, binary";
  j["probability_maps"] =
      "float predictions are probabilities of label 1; foreground when p >= threshold (0-255 "
      "maps scaled by 1/255); by default only that label is evaluated";
  j["soft_dice"] = "2*sum(p*t) / (sum(p) + sum(t)) on raw probabilities (no threshold); equals "
                   "dice for label maps";
  j["soft_dice_loss"] = "1 - (2*sum(p*t) + eps) / (sum(p) + sum(t) + eps) (V-Net)";
  j["smooth"] = c.smooth;
  j["tversky"] = {{"alpha", c.tverskyAlpha}, {"beta", c.tverskyBeta},
                  {"formula", "TP / (TP + alpha*FP + beta*FN)"}};
  if (c.distances) {
    j["surface_definition"] = surfaceName(c.surface);
    // Both definitions read the percentile and the NSD tolerances.
    j["percentile"] = c.percentile;
    json tol = json::array();
    for (double t : c.nsdTolerances) tol.push_back(t);
    j["nsd_tolerances_mm"] = tol;
  }
  if (c.distances && c.surfelSurface()) j["surfel"] = surfelConventionsJson(c);
  if (c.lesions) j["lesions"] = lesionConventionsJson(*c.lesions, c);
  if (c.distances && c.voxelSurface()) {
    j["surface"] =
        "voxels of the mask with a 6-connected neighbour outside it (outside the image counts "
        "as outside)";
    j["distance"] = "Euclidean distance in mm between voxel centres, surface to surface";
    j["hd95"] = hd95Name(c.hd95Mode);
    j["percentile_interpolation"] = "linear between order statistics (numpy default)";
    j["assd"] = "(sum d(A->B) + sum d(B->A)) / (|dA| + |dB|)";
    j["masd"] = "(mean d(A->B) + mean d(B->A)) / 2";
    j["nsd"] = "(#{d(A->B) <= tau} + #{d(B->A) <= tau}) / (|dA| + |dB|)";
    // Both empty follows the empty policy, like the overlap scores.
    j["empty_distance"] =
        std::string(c.empty == EmptyPolicy::One ? "both empty: distances 0, NSD 1"
                                                : "both empty: null, excluded from the mean") +
        (c.emptyDistance == EmptyDistance::Null
             ? "; one empty: null, flagged empty_one"
             : "; one empty: image diagonal (mm), NSD 0, flagged empty_one");
  }
  return j;
}

json labelMetricsJson(const LabelMetrics& m, bool withCounts) {
  json j;
  if (withCounts) {
    j["label"] = m.label;
    j["name"] = m.name;
    j["tp"] = m.counts.tp;
    j["fp"] = m.counts.fp;
    j["fn"] = m.counts.fn;
    j["tn"] = m.counts.tn;
    j["empty_both"] = m.emptyBoth;
  }
  j["dice"] = opt(m.dice);
  j["jaccard"] = opt(m.jaccard);
  j["f1"] = opt(m.f1);
  j["precision"] = opt(m.precision);
  j["recall"] = opt(m.recall);
  j["specificity"] = opt(m.specificity);
  j["fpr"] = opt(m.fpr);
  j["fnr"] = opt(m.fnr);
  j["volume_similarity"] = opt(m.volumeSimilarity);
  j["relative_volume_difference"] = opt(m.relativeVolumeDifference);
  j["ref_volume_mm3"] = m.refVolumeMm3;
  j["pred_volume_mm3"] = m.predVolumeMm3;
  j["soft_dice"] = opt(m.softDice);
  j["soft_dice_loss"] = opt(m.softDiceLoss);
  j["tversky"] = opt(m.tversky);
  if (m.distancesComputed) {
    j["hd"] = opt(m.hd);
    j["hd95"] = opt(m.hd95);
    j["assd"] = opt(m.assd);
    j["masd"] = opt(m.masd);
    json nsd = json::object();
    for (const auto& [tol, v] : m.nsd) nsd[toleranceKey(tol)] = opt(v);
    j["nsd"] = nsd;
  }
  if (m.surfelComputed) {
    // Bare names when the surfel surface is the only one, prefixed beside the voxel fields.
    const std::string p = m.distancesComputed ? "surfel_" : "";
    j[p + "hd"] = opt(m.surfelHd);
    j[p + "hd95"] = opt(m.surfelHd95);
    j[p + "asd_ref_to_pred"] = opt(m.surfelAsdRefToPred);
    j[p + "asd_pred_to_ref"] = opt(m.surfelAsdPredToRef);
    j[p + "masd"] = opt(m.surfelMasd);
    json nsd = json::object();
    for (const auto& [tol, v] : m.surfelNsd) nsd[toleranceKey(tol)] = opt(v);
    j[p + "nsd"] = nsd;
    if (withCounts) {
      j["surfel_ref_area_mm2"] = m.surfelRefAreaMm2;
      j["surfel_pred_area_mm2"] = m.surfelPredAreaMm2;
    }
  }
  if (withCounts && (m.distancesComputed || m.surfelComputed)) j["empty_one"] = m.emptyOne;
  if (m.lesions) j["lesions"] = lesionJson(*m.lesions);
  return j;
}

json reportJson(const EvalReport& report) {
  json j;
  j["reference"] = report.referencePath;
  j["conventions"] = conventionsJson(report.conventions);
  json preds = json::array();
  for (const auto& p : report.predictions) {
    json pj;
    pj["path"] = p.path;
    // A probability map's hard scores depend on the threshold it was binarised at; null for
    // a label map.
    pj["threshold"] = opt(p.threshold);
    json labels = json::array();
    for (const auto& m : p.labels) labels.push_back(labelMetricsJson(m));
    pj["labels"] = labels;
    json mean = labelMetricsJson(p.mean, false);
    mean["labels_averaged"] = p.meanCount;
    pj["mean"] = mean;
    pj["foreground"] = labelMetricsJson(p.foreground);
    pj["foreground"].erase("label");
    pj["foreground"]["name"] = "foreground";
    // Sparse: [reference label, predicted label, voxels] for the non-zero cells only, so the
    // size follows the cells that occur (4,000 labels would make a dense matrix 16 million).
    json cells = json::array();
    for (const auto& cell : p.confusion.cells)
      cells.push_back({p.confusion.labels[cell.ref], p.confusion.labels[cell.pred], cell.count});
    pj["confusion"] = {{"labels", p.confusion.labels}, {"cells", std::move(cells)}};
    if (!p.warnings.empty()) pj["warnings"] = p.warnings;
    if (!p.regions.empty()) {
      json regions = json::array();
      for (const RegionMetrics& r : p.regions) {
        json rj = labelMetricsJson(r.metrics);
        rj.erase("label");
        rj["region"] = r.region.name;
        rj["labels"] = r.region.labels;
        regions.push_back(std::move(rj));
      }
      pj["regions"] = std::move(regions);
      j["conventions"]["regions"] = "each region's labels scored as one binary mask with every "
                                    "metric; regions do not enter the mean";
    }
    preds.push_back(pj);
  }
  j["predictions"] = preds;
  return j;
}

std::string reportCsv(const EvalReport& report) {
  std::vector<double> tolerances = report.conventions.nsdTolerances;
  const Conventions& conv = report.conventions;
  const bool distances = conv.distances;
  const bool voxel = distances && conv.voxelSurface(), surfel = distances && conv.surfelSurface();
  std::ostringstream os;
  os << "prediction,label,name,tp,fp,fn,tn,empty_both,dice,jaccard,f1,precision,recall,"
        "specificity,fpr,fnr,volume_similarity,relative_volume_difference,ref_volume_mm3,"
        "pred_volume_mm3,soft_dice,soft_dice_loss,tversky";
  // Surfel-only columns take the voxel ones' place; in `both` they follow empty_one, so the
  // voxel columns keep their places.
  auto surfelHeader = [&](const std::string& p) {
    os << "," << p << "hd," << p << "hd95," << p << "asd_ref_to_pred," << p << "asd_pred_to_ref,"
       << p << "masd";
    for (double t : tolerances) os << "," << p << "nsd_" << toleranceKey(t);
  };
  if (voxel) {
    os << ",hd,hd95,assd,masd";
    for (double t : tolerances) os << ",nsd_" << toleranceKey(t);
  }
  if (surfel && !voxel) surfelHeader("");
  if (distances) os << ",empty_one";
  if (surfel && voxel) surfelHeader("surfel_");
  // Last, so the columns before it keep their places: the probability threshold of the row's
  // prediction (empty for a label map).
  os << ",threshold";
  // Lesion columns follow the threshold, so every earlier column keeps its place.
  const bool lesions = conv.lesions.has_value();
  os << (lesions ? lesionCsvHeader() : "") << "\n";
  auto row = [&](const PredictionEvaluation& p, const std::string& label, const LabelMetrics& m,
                 bool counts) {
    const std::string& path = p.path;
    os << csvField(path) << "," << label << "," << csvField(m.name) << ",";
    if (counts) {
      os << m.counts.tp << "," << m.counts.fp << "," << m.counts.fn << "," << m.counts.tn << ","
         << (m.emptyBoth ? "true" : "false");
    } else {
      os << ",,,,";
    }
    for (const auto* v : {&m.dice, &m.jaccard, &m.f1, &m.precision, &m.recall, &m.specificity,
                          &m.fpr, &m.fnr, &m.volumeSimilarity, &m.relativeVolumeDifference})
      os << "," << num(*v);
    os << "," << num(m.refVolumeMm3) << "," << num(m.predVolumeMm3) << "," << num(m.softDice)
       << "," << num(m.softDiceLoss) << "," << num(m.tversky);
    auto nsdCells = [&](const std::map<double, std::optional<double>>& nsd) {
      for (double t : tolerances) {
        auto it = nsd.find(t);
        os << "," << (it == nsd.end() ? "" : num(it->second));
      }
    };
    auto surfelCells = [&] {
      os << "," << num(m.surfelHd) << "," << num(m.surfelHd95) << ","
         << num(m.surfelAsdRefToPred) << "," << num(m.surfelAsdPredToRef) << ","
         << num(m.surfelMasd);
      nsdCells(m.surfelNsd);
    };
    if (voxel) {
      os << "," << num(m.hd) << "," << num(m.hd95) << "," << num(m.assd) << "," << num(m.masd);
      nsdCells(m.nsd);
    }
    if (surfel && !voxel) surfelCells();
    if (distances) {
      const bool computed = m.distancesComputed || m.surfelComputed;
      os << "," << (counts && computed ? (m.emptyOne ? "true" : "false") : "");
    }
    if (surfel && voxel) surfelCells();
    os << "," << num(p.threshold);
    if (lesions) os << lesionCsvCells(m.lesions.get());
    os << "\n";
  };
  for (const auto& p : report.predictions) {
    for (const auto& m : p.labels) row(p, std::to_string(m.label), m, true);
    row(p, "", p.mean, false);
    row(p, "", p.foreground, true);
    // Region rows: the region's name in the label column.
    for (const RegionMetrics& r : p.regions) row(p, csvField(r.region.name), r.metrics, true);
  }
  return os.str();
}

std::string reportTable(const EvalReport& report) {
  std::ostringstream os;
  auto f = [](const std::optional<double>& v, int decimals) {
    if (!v) return std::string("-");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    return std::string(buf);
  };
  const bool distances = report.conventions.distances;
  // The table has room for one definition: the voxel one unless surfels were asked for alone.
  const bool surfelOnly = report.conventions.surface == SurfaceDefinition::Surfel;
  os << "reference: " << report.referencePath << "\n";
  for (const auto& p : report.predictions) {
    os << "\nprediction: " << p.path << "\n";
    if (p.threshold) os << "threshold: foreground where p >= " << *p.threshold << "\n";
    for (const auto& w : p.warnings) os << "warning: " << w << "\n";
    char line[512];
    std::snprintf(line, sizeof line, "%7s  %-22s %7s %7s %7s %7s %10s %10s", "label", "name",
                  "dice", "jaccard", "prec", "recall", "ref_mm3", "pred_mm3");
    os << line;
    if (distances) {
      std::snprintf(line, sizeof line, " %8s %8s %8s", "hd", "hd95", surfelOnly ? "masd" : "assd");
      os << line;
    }
    os << "\n";
    auto emit = [&](const std::string& label, const LabelMetrics& m) {
      std::string name = m.name.size() > 22 ? m.name.substr(0, 21) + "~" : m.name;
      std::snprintf(line, sizeof line, "%7s  %-22s %7s %7s %7s %7s %10.0f %10.0f", label.c_str(),
                    name.c_str(), f(m.dice, 4).c_str(), f(m.jaccard, 4).c_str(),
                    f(m.precision, 4).c_str(), f(m.recall, 4).c_str(), m.refVolumeMm3,
                    m.predVolumeMm3);
      os << line;
      if (distances) {
        if (surfelOnly)
          std::snprintf(line, sizeof line, " %8s %8s %8s", f(m.surfelHd, 2).c_str(),
                        f(m.surfelHd95, 2).c_str(), f(m.surfelMasd, 2).c_str());
        else
          std::snprintf(line, sizeof line, " %8s %8s %8s", f(m.hd, 2).c_str(),
                        f(m.hd95, 2).c_str(), f(m.assd, 2).c_str());
        os << line;
      }
      os << (m.emptyBoth ? "  (absent from both)" : "") << "\n";
      if (const LesionResult* l = m.lesions.get())
        os << "         lesions: tp " << l->tp << "  fp " << l->fp << "  fn " << l->fn << "  F1 "
           << f(l->f1, 4) << "  lesion Dice " << f(l->lesionDice, 4) << "  lesion HD95 "
           << f(l->lesionHd95, 2) << "  PQ " << f(l->pq, 4) << "\n";
    };
    for (const auto& m : p.labels) emit(std::to_string(m.label), m);
    emit("", p.mean);
    emit("", p.foreground);
    for (const RegionMetrics& r : p.regions) emit(r.region.name, r.metrics);
  }
  os << "\nconventions: empty labels score "
     << (report.conventions.empty == EmptyPolicy::One ? "1 (--empty one)" : "null (--empty nan)")
     << "; F1 = Dice on voxels; null = undefined (0/0); mean is the macro mean over labels.\n";
  if (distances && report.conventions.surface != SurfaceDefinition::Voxel)
    os << "surface distances: "
       << (surfelOnly ? "surfels (DeepMind surface-distance, area-weighted)"
                      : "voxel surfaces; surfel fields in --json / --csv")
       << "\n";
  return os.str();
}

}  // namespace seglens
