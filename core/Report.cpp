#include "Report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

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
    j["surface"] =
        "voxels of the mask with a 6-connected neighbour outside it (outside the image counts "
        "as outside)";
    j["distance"] = "Euclidean distance in mm between voxel centres, surface to surface";
    j["hd95"] = hd95Name(c.hd95Mode);
    j["percentile"] = c.percentile;
    j["percentile_interpolation"] = "linear between order statistics (numpy default)";
    j["assd"] = "(sum d(A->B) + sum d(B->A)) / (|dA| + |dB|)";
    j["masd"] = "(mean d(A->B) + mean d(B->A)) / 2";
    j["nsd"] = "(#{d(A->B) <= tau} + #{d(B->A) <= tau}) / (|dA| + |dB|)";
    json tol = json::array();
    for (double t : c.nsdTolerances) tol.push_back(t);
    j["nsd_tolerances_mm"] = tol;
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
    if (withCounts) j["empty_one"] = m.emptyOne;
  }
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
    preds.push_back(pj);
  }
  j["predictions"] = preds;
  return j;
}

std::string reportCsv(const EvalReport& report) {
  std::vector<double> tolerances = report.conventions.nsdTolerances;
  const bool distances = report.conventions.distances;
  std::ostringstream os;
  os << "prediction,label,name,tp,fp,fn,tn,empty_both,dice,jaccard,f1,precision,recall,"
        "specificity,fpr,fnr,volume_similarity,relative_volume_difference,ref_volume_mm3,"
        "pred_volume_mm3,soft_dice,soft_dice_loss,tversky";
  if (distances) {
    os << ",hd,hd95,assd,masd";
    for (double t : tolerances) os << ",nsd_" << toleranceKey(t);
    os << ",empty_one";
  }
  // Last, so the columns before it keep their places: the probability threshold of the row's
  // prediction (empty for a label map).
  os << ",threshold\n";
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
    if (distances) {
      os << "," << num(m.hd) << "," << num(m.hd95) << "," << num(m.assd) << "," << num(m.masd);
      for (double t : tolerances) {
        auto it = m.nsd.find(t);
        os << "," << (it == m.nsd.end() ? "" : num(it->second));
      }
      os << "," << (counts && m.distancesComputed ? (m.emptyOne ? "true" : "false") : "");
    }
    os << "," << num(p.threshold) << "\n";
  };
  for (const auto& p : report.predictions) {
    for (const auto& m : p.labels) row(p, std::to_string(m.label), m, true);
    row(p, "", p.mean, false);
    row(p, "", p.foreground, true);
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
      std::snprintf(line, sizeof line, " %8s %8s %8s", "hd", "hd95", "assd");
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
        std::snprintf(line, sizeof line, " %8s %8s %8s", f(m.hd, 2).c_str(), f(m.hd95, 2).c_str(),
                      f(m.assd, 2).c_str());
        os << line;
      }
      os << (m.emptyBoth ? "  (absent from both)" : "") << "\n";
    };
    for (const auto& m : p.labels) emit(std::to_string(m.label), m);
    emit("", p.mean);
    emit("", p.foreground);
  }
  os << "\nconventions: empty labels score "
     << (report.conventions.empty == EmptyPolicy::One ? "1 (--empty one)" : "null (--empty nan)")
     << "; F1 = Dice on voxels; null = undefined (0/0); mean is the macro mean over labels.\n";
  return os.str();
}

}  // namespace seglens
