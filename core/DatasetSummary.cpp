#include "DatasetSummary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "Statistics.h"

namespace seglens {
namespace {

using nlohmann::json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// One value per case (index into caseIds) of one prediction x label x metric; unset = null.
// Only rows that carry values take part: status ok, or missing scored as an empty prediction.
struct Column {
  std::vector<std::size_t> cases;            // cases with a row with values
  std::vector<std::optional<double>> values;
};

bool hasValues(const CasesTable& t, const CasesTable::Row& row) {
  const std::string& status = t.field(row, "status");
  return (status == "ok" || status == "missing") && !t.field(row, "tp").empty();
}

class Index {
 public:
  explicit Index(const SummaryInput& in) : in_(in) {
    for (std::size_t c = 0; c < in.caseIds.size(); ++c) caseOf_[in.caseIds[c]] = c;
    for (std::size_t p = 0; p < in.predictions.size(); ++p) predOf_[in.predictions[p]] = p;
    for (const auto& row : in.table->rows) {
      if (!hasValues(*in.table, row)) continue;
      auto c = caseOf_.find(in.table->field(row, "case"));
      auto p = predOf_.find(in.table->field(row, "prediction"));
      if (c == caseOf_.end() || p == predOf_.end()) continue;
      rows_[{p->second, in.table->field(row, "label")}].emplace_back(c->second, &row);
    }
  }
  Column column(std::size_t p, const std::string& label, const std::string& metric) const {
    Column col;
    auto it = rows_.find({p, label});
    if (it == rows_.end()) return col;
    for (const auto& [c, row] : it->second) {
      col.cases.push_back(c);
      const std::string& f = in_.table->field(*row, metric);
      col.values.push_back(f.empty() ? std::nullopt : std::optional<double>(std::stod(f)));
    }
    return col;
  }
  // (case index, row) pairs of one prediction x label, in case order.
  std::vector<std::pair<std::size_t, const CasesTable::Row*>> rows(std::size_t p,
                                                                   const std::string& l) const {
    auto it = rows_.find({p, l});
    return it == rows_.end() ? decltype(it->second){} : it->second;
  }

 private:
  const SummaryInput& in_;
  std::map<std::string, std::size_t> caseOf_, predOf_;
  std::map<std::pair<std::size_t, std::string>,
           std::vector<std::pair<std::size_t, const CasesTable::Row*>>> rows_;
};

json worstCases(const SummaryInput& in, const Column& col, bool lowerBetter) {
  std::vector<std::pair<double, std::size_t>> v;
  for (std::size_t i = 0; i < col.cases.size(); ++i)
    if (col.values[i]) v.emplace_back(lowerBetter ? -*col.values[i] : *col.values[i], col.cases[i]);
  std::sort(v.begin(), v.end());  // worst first; equal values by case order
  json ids = json::array();
  for (std::size_t i = 0; i < v.size() && i < 5; ++i) ids.push_back(in.caseIds[v[i].second]);
  return ids;
}

json ci(const std::vector<double>& values, const SummaryInput& in) {
  auto c = Statistics::bootstrapMeanCi(values, in.bootstrap, in.seed);
  return c ? json::array({c->first, c->second}) : json::array({nullptr, nullptr});
}

}  // namespace

bool DatasetSummary::lowerIsBetter(const std::string& metric) {
  const std::string m = metric.rfind("surfel_", 0) == 0 ? metric.substr(7) : metric;
  if (m == "asd_ref_to_pred" || m == "asd_pred_to_ref") return true;
  return m == "fpr" || m == "fnr" || m == "soft_dice_loss" || m == "hd" || m == "hd95" ||
         m == "assd" || m == "masd";
}

json DatasetSummary::definitions() {
  json j;
  j["metrics"] = "every score and distance column of cases.csv; counts and volumes are not "
                 "summarised";
  j["rows"] = "rows with values: status ok, and status missing under --missing worst (scored as "
              "an empty prediction); skipped and failed cases are left out of n and n_null";
  j["n"] = "cases with a value of the metric";
  j["n_null"] = "cases whose value is null (undefined, e.g. 0/0)";
  j["mean"] = "arithmetic mean of the n values";
  j["std"] = "sample standard deviation (divisor n-1); null when n < 2";
  j["median"] = "numpy linear quantile 0.5";
  j["q1"] = "numpy linear quantile 0.25: value at position 0.25*(n-1) of the sorted values, "
            "interpolated linearly";
  j["q3"] = "numpy linear quantile 0.75";
  j["ci95"] = "percentile bootstrap of the mean: B resamples of n values with replacement "
              "(splitmix64 seeded with --seed), the 2.5% and 97.5% linear quantiles of the B "
              "means";
  j["worst"] = "the 5 cases with the worst value: lowest for scores, highest for distances, "
               "error rates and the loss; ties in case order";
  j["paired"] = "for predictions a, b: cases where both have a value; mean_diff = mean(a - b); "
                "ci95 = paired percentile bootstrap of mean(a - b); wins: a better (higher "
                "score, lower distance)";
  j["wilcoxon_p"] = "two-sided Wilcoxon signed-rank p of a - b: zero differences dropped; exact "
                    "distribution when n <= 50 with no tied |d| and no zero dropped; otherwise "
                    "normal approximation with tie correction, no continuity correction; all "
                    "differences zero: 1";
  return j;
}

json DatasetSummary::statistics(const SummaryInput& in) {
  const Index index(in);
  json out = json::array();
  for (std::size_t p = 0; p < in.predictions.size(); ++p)
    for (const SummaryLabel& label : in.labels)
      for (const std::string& metric : in.table->metricColumns()) {
        const Column col = index.column(p, label.key, metric);
        std::vector<double> values;
        for (const auto& v : col.values)
          if (v) values.push_back(*v);
        const Statistics::Description d = Statistics::describe(values);
        json r;
        r["prediction"] = in.predictions[p];
        r["label"] = label.key;
        r["name"] = label.name;
        r["metric"] = metric;
        r["n"] = d.n;
        r["n_null"] = col.values.size() - values.size();
        r["mean"] = opt(d.mean);
        r["std"] = opt(d.std);
        r["median"] = opt(d.median);
        r["q1"] = opt(d.q1);
        r["q3"] = opt(d.q3);
        r["min"] = opt(d.min);
        r["max"] = opt(d.max);
        r["ci95"] = ci(values, in);
        r["worst"] = worstCases(in, col, lowerIsBetter(metric));
        out.push_back(std::move(r));
      }
  return out;
}

json DatasetSummary::paired(const SummaryInput& in) {
  const Index index(in);
  json out = json::array();
  for (std::size_t a = 0; a < in.predictions.size(); ++a)
    for (std::size_t b = a + 1; b < in.predictions.size(); ++b)
      for (const SummaryLabel& label : in.labels)
        for (const std::string& metric : in.table->metricColumns()) {
          const Column ca = index.column(a, label.key, metric);
          const Column cb = index.column(b, label.key, metric);
          std::map<std::size_t, double> bValues;
          for (std::size_t i = 0; i < cb.cases.size(); ++i)
            if (cb.values[i]) bValues[cb.cases[i]] = *cb.values[i];
          std::vector<double> diffs;
          int wins = 0, losses = 0, ties = 0;
          const bool lower = lowerIsBetter(metric);
          for (std::size_t i = 0; i < ca.cases.size(); ++i) {
            auto it = bValues.find(ca.cases[i]);
            if (!ca.values[i] || it == bValues.end()) continue;
            const double d = *ca.values[i] - it->second;
            diffs.push_back(d);
            if (d == 0) ++ties;
            else if ((d > 0) != lower) ++wins;
            else ++losses;
          }
          json r;
          r["a"] = in.predictions[a];
          r["b"] = in.predictions[b];
          r["label"] = label.key;
          r["name"] = label.name;
          r["metric"] = metric;
          r["n"] = diffs.size();
          r["mean_diff"] = opt(Statistics::describe(diffs).mean);
          r["ci95"] = ci(diffs, in);
          r["wins"] = wins;
          r["losses"] = losses;
          r["ties"] = ties;
          r["wilcoxon_p"] = diffs.empty() ? json(nullptr)
                                          : json(Statistics::wilcoxonSignedRankP(diffs));
          out.push_back(std::move(r));
        }
  return out;
}

std::string DatasetSummary::nnunet(const SummaryInput& in, std::size_t p,
                                   const std::vector<std::pair<std::string, std::string>>& files) {
  // Python's json writes NaN as a bare token; nlohmann writes null. A marker string is written
  // instead and replaced in the text afterwards.
  const std::string nanMarker = "__seglens_NaN__";
  const Index index(in);
  const CasesTable& t = *in.table;
  const char* const keys[] = {"Dice", "FN", "FP", "IoU", "TN", "TP", "n_pred", "n_ref"};
  std::map<std::size_t, json> perCase;  // case index -> metrics
  std::map<std::string, std::map<std::string, std::vector<double>>> columns;
  for (const SummaryLabel& label : in.labels)
    for (const auto& [c, row] : index.rows(p, label.key)) {
      const auto count = [&](const char* col) { return std::stoull(t.field(*row, col)); };
      // nnU-Net counts no ignored voxel, true negatives included (cases.csv's tn does: they
      // are background there, as in every other SegLens count).
      const std::uint64_t tp = count("tp"), fp = count("fp"), fn = count("fn"),
                          tn = count("tn") - (c < in.ignored.size() ? in.ignored[c] : 0);
      json m;
      const bool empty = tp + fp + fn == 0;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      const double dice = empty ? nan : 2.0 * double(tp) / double(2 * tp + fp + fn);
      const double iou = empty ? nan : double(tp) / double(tp + fp + fn);
      m["Dice"] = empty ? json(nanMarker) : json(dice);
      m["IoU"] = empty ? json(nanMarker) : json(iou);
      m["TP"] = tp, m["FP"] = fp, m["FN"] = fn, m["TN"] = tn;
      m["n_pred"] = tp + fp, m["n_ref"] = tp + fn;
      const double vals[] = {dice, double(fn), double(fp), iou, double(tn), double(tp),
                             double(tp + fp), double(tp + fn)};
      for (std::size_t k = 0; k < 8; ++k) columns[label.key][keys[k]].push_back(vals[k]);
      perCase[c]["metrics"][label.key] = std::move(m);
    }
  auto number = [&](double v) { return std::isnan(v) ? json(nanMarker) : json(v); };
  json mean = json::object(), foreground = json::object();
  std::map<std::string, std::vector<double>> labelMeans;
  for (const SummaryLabel& label : in.labels) {
    for (const char* k : keys) {
      double sum = 0;
      std::size_t n = 0;
      for (double v : columns[label.key][k])
        if (!std::isnan(v)) sum += v, ++n;  // numpy.nanmean
      const double m = n ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
      mean[label.key][k] = number(m);
      labelMeans[k].push_back(m);
    }
  }
  for (const auto& [k, ms] : labelMeans) {
    double sum = 0;
    for (double v : ms) sum += v;  // a plain mean: one NaN label mean makes it NaN
    foreground[k] = number(ms.empty() ? std::numeric_limits<double>::quiet_NaN()
                                      : sum / double(ms.size()));
  }
  json cases = json::array();
  for (auto& [c, j] : perCase) {
    j["reference_file"] = files[c].first;
    j["prediction_file"] = files[c].second;
    cases.push_back(std::move(j));
  }
  json summary{{"foreground_mean", foreground}, {"mean", mean}, {"metric_per_case", cases}};
  std::string text = summary.dump(4);
  const std::string quoted = "\"" + nanMarker + "\"";
  for (std::size_t pos; (pos = text.find(quoted)) != std::string::npos;)
    text.replace(pos, quoted.size(), "NaN");
  return text;
}

}  // namespace seglens
