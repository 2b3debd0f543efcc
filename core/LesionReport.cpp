#include "LesionReport.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace seglens {
namespace {

using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string num(const std::optional<double>& v) {
  if (!v) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return buf;
}

std::string percentText(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", p);
  return buf;
}

// The HD95 of a matched pair outside brats mode, in the words of the eval options.
std::string pairHd95Text(const Conventions& c) {
  if (!c.distances) return "not computed (--no-distances): hd95 fields are null";
  if (c.surface == SurfaceDefinition::Surfel)
    return "DeepMind surfel HD at --percentile " + percentText(c.percentile) +
           " between the lesion and its matched components (as eval's surfel hd95)";
  return "voxel-surface HD at --percentile " + percentText(c.percentile) + ", --hd95 mode of "
         "eval, between the lesion and its matched components (as eval's hd95)";
}

}  // namespace

json lesionJson(const LesionResult& r) {
  json j;
  j["tp"] = r.tp;
  j["fp"] = r.fp;
  j["fn"] = r.fn;
  j["precision"] = opt(r.precision);
  j["recall"] = opt(r.recall);
  j["f1"] = opt(r.f1);
  j["lesion_dice"] = opt(r.lesionDice);
  j["lesion_hd95"] = opt(r.lesionHd95);
  j["pq"] = opt(r.pq);
  j["sq"] = opt(r.sq);
  j["rq"] = opt(r.rq);
  json items = json::array();
  for (const LesionItem& i : r.items) {
    items.push_back({{"side", i.reference ? "reference" : "prediction"},
                     {"id", i.id},
                     {"kind", lesionKindName(i.kind)},
                     {"volume_mm3", i.volumeMm3},
                     {"centroid_mm", i.centroidMm},
                     {"dice", opt(i.dice)},
                     {"hd95", opt(i.hd95)},
                     {"matched", i.matched}});
  }
  j["items"] = std::move(items);
  return j;
}

std::string lesionCsvHeader() {
  return ",lesion_tp,lesion_fp,lesion_fn,lesion_precision,lesion_recall,lesion_f1,lesion_dice,"
         "lesion_hd95,lesion_pq,lesion_sq,lesion_rq";
}

std::string lesionCsvCells(const LesionResult* r) {
  if (!r) return ",,,,,,,,,,,";
  std::string s = "," + std::to_string(r->tp) + "," + std::to_string(r->fp) + "," +
                  std::to_string(r->fn);
  for (const auto* v : {&r->precision, &r->recall, &r->f1, &r->lesionDice, &r->lesionHd95, &r->pq,
                        &r->sq, &r->rq})
    s += "," + num(*v);
  return s;
}

json lesionConventionsJson(const LesionOptions& o, const Conventions& c) {
  json j;
  j["match"] = lesionMatchName(o.match);
  j["connectivity"] = o.connectivity;
  j["components"] = "connected components of each label's (or region's) mask under the "
                    "connectivity (6 faces, 18 + edges, 26 + corners)";
  j["ids"] = "1..n per side in the order of each component's first voxel in storage order (i "
             "fastest, then j, then k); in brats mode reference ids number the merged lesions";
  j["centroid"] = "unweighted mean of voxel centres, physical LPS mm";
  j["counts"] = "on the reference side: tp = detected reference lesions, fn = missed ones, fp = "
                "predicted components matched to nothing; N = tp + fn + fp";
  j["f1"] = "2tp/(2tp+fp+fn) = rq; not the WMH script's 2PR/(P+R) over predicted components";
  j["precision_recall"] = "tp/(tp+fp), tp/(tp+fn); null on 0/0";
  j["lesion_dice"] = "sum of the matched pairs' Dice / N";
  j["lesion_hd95"] = "(sum of the matched pairs' HD95 + miss_hd95 * (fn + fp)) / N";
  j["miss_hd95"] = o.missHd95;
  j["pq"] = "sq * rq; sq = mean IoU of the matched pairs";
  j["pair"] = "a reference lesion and the union of its matched predicted components";
  j["empty"] = "N = 0: f1 = rq = sq = pq = lesion_dice = 1, lesion_hd95 = 0, precision and "
               "recall null; tp = 0 < N: sq null, pq = f1 = 0";
  j["items"] = "dice/hd95 are each item's own term: a matched reference lesion its pair's, a "
               "missed lesion or a false positive 0 and miss_hd95, matched predictions and "
               "ignored items null";
  if (o.match == LesionMatch::Iou) {
    j["iou_threshold"] = o.iouThreshold;
    j["iou_rule"] = std::string("match when IoU ") + (o.iouInclusive ? ">=" : ">") +
                    " threshold, on exact voxel counts; greedy one-to-one by descending IoU, ties "
                    "to the lower reference id, then the lower predicted id";
    j["matched"] = "the partner";
  } else if (o.match == LesionMatch::Overlap) {
    j["overlap_rule"] = "a reference lesion is detected when any predicted voxel overlaps it; a "
                        "predicted component is tp when it overlaps any reference lesion; the "
                        "pair takes every whole component overlapping the lesion";
    j["matched"] = "the components of the other side sharing a voxel";
  } else {
    j["dilation"] = o.dilation;
    j["min_volume_mm3"] = o.minVolumeMm3;
    j["brats_rule"] =
        "reference components merged when their dilations (dilation iterations of the "
        "18-neighbourhood, in voxels, stopping at the image edge) are one component under the "
        "connectivity; each merged lesion is matched by every predicted component sharing a "
        "voxel with its dilation; a lesion of volume <= min_volume_mm3 is ignored (out of "
        "numerator and denominator), and so is a component whose only matches are ignored";
    j["matched"] = "reference: the predicted components inside the dilated lesion; prediction: "
                   "every lesion whose dilation it meets (ignored ones included)";
  }
  j["pair_hd95"] = o.match == LesionMatch::Brats
                       ? std::string(c.distances ? "DeepMind surfel robust HD95 at 95 % (the "
                                                   "BraTS scorer's)"
                                                 : "not computed (--no-distances): null")
                       : pairHd95Text(c);
  return j;
}

}  // namespace seglens
