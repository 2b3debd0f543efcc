#pragma once
// The choices behind the lesion-wise metrics (LesionMatching.h); a Conventions member, so every
// report that has lesion metrics states them (conventionsJson).
namespace seglens {

enum class LesionMatch {
  Iou,      // Metrics Reloaded / MONAI: one-to-one, greedy by descending IoU above a threshold
  Overlap,  // WMH challenge: detected when any voxel overlaps
  Brats     // BraTS 2023 scorer: reference merged by dilation, matched within the dilation
};

struct LesionOptions {
  int connectivity = 26;        // 6, 18 or 26
  LesionMatch match = LesionMatch::Iou;
  double iouThreshold = 0.5;    // iou: match when IoU > threshold ...
  bool iouInclusive = false;    // ... or >= (panoptica)
  int dilation = 3;             // brats: iterations of the 18-neighbourhood, in voxels
  double minVolumeMm3 = 0;      // brats: reference lesions at or under this volume are ignored
  double missHd95 = 374;        // HD95 of a missed lesion or a false positive, mm
};

}  // namespace seglens
