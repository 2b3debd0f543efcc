#include "DatasetRun.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "AtomicFile.h"
#include "DatasetSummary.h"
#include "InputError.h"
#include "Report.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace seglens {
namespace {

constexpr const char* kManifestFormat = "seglens-dataset-manifest";

std::optional<std::string> readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

json readManifest(const std::string& path) {
  const auto text = readText(path);
  if (!text) throw InputError(path, "no shard manifest (not the folder of a dataset run?)");
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::exception& e) {
    throw InputError(path, std::string("corrupt manifest: ") + e.what());
  }
  if (!j.is_object() || j.value("format", "") != kManifestFormat || !j.contains("run"))
    throw InputError(path, "not a SegLens dataset manifest");
  return j;
}

void writeManifest(const std::string& outDir, const DatasetRunSpec& spec,
                   const CaseSizes& voxels, bool complete) {
  json j{{"format", kManifestFormat}, {"shard", spec.shard}, {"of", spec.shards},
         {"sharded", spec.sharded}, {"complete", complete}, {"run", spec.run},
         {"voxels", voxels}};
  AtomicFile::write((fs::path(outDir) / "manifest.json").string(), j.dump(1) + "\n");
}

bool hasValues(const CasesTable& t, const CasesTable::Row& row) {
  const std::string& s = t.field(row, "status");
  return (s == "ok" || s == "missing") && !t.field(row, "tp").empty();
}

// Row order: case (sorted ids), prediction (--pred order), then plain labels ascending, then
// regions in dataset.json order; a row without label (error, skipped) first.
class RowOrder {
 public:
  RowOrder(const DatasetEvaluator& ev, const json& run) {
    std::size_t i = 0;
    for (const auto& c : run.at("cases")) caseOf_[c.at("id").get<std::string>()] = i++;
    const auto& names = ev.config().predictionNames;
    for (std::size_t p = 0; p < names.size(); ++p) predOf_[names[p]] = p;
    if (ev.config().spec)
      for (const DatasetLabel& l : ev.config().spec->labels)
        if (l.isRegion) regionOf_[l.key()] = regionOf_.size();
  }
  using Key = std::tuple<std::size_t, std::size_t, int, std::uint64_t, std::string>;
  Key key(const CasesTable& t, const CasesTable::Row& r) const {
    const std::string& label = t.field(r, "label");
    auto c = caseOf_.find(t.field(r, "case"));
    auto p = predOf_.find(t.field(r, "prediction"));
    const std::size_t ci = c == caseOf_.end() ? caseOf_.size() : c->second;
    const std::size_t pi = p == predOf_.end() ? predOf_.size() : p->second;
    if (label.empty()) return {ci, pi, 0, 0, ""};
    if (label[0] != '(') return {ci, pi, 1, std::stoull(label), ""};
    auto g = regionOf_.find(label);
    return {ci, pi, 2, g == regionOf_.end() ? regionOf_.size() : g->second, label};
  }
  void sort(CasesTable& t) const {
    std::stable_sort(t.rows.begin(), t.rows.end(),
                     [&](const auto& a, const auto& b) { return key(t, a) < key(t, b); });
  }

 private:
  std::map<std::string, std::size_t> caseOf_, predOf_, regionOf_;
};

// Labels absent from both images of a case were not scored when the label list was not known
// in advance: each (case, prediction) with values gets a row for every label seen anywhere.
void fillAbsentLabels(const DatasetEvaluator& ev, const json& run, CasesTable& table,
                      const CaseSizes& voxels) {
  std::set<std::uint32_t> all;
  std::map<std::pair<std::string, std::string>, std::pair<std::set<std::uint32_t>, bool>> seen;
  for (const auto& r : table.rows) {
    auto& group = seen[{table.field(r, "case"), table.field(r, "prediction")}];
    if (!hasValues(table, r)) {
      group.second = true;  // failed or skipped: nothing to fill
      continue;
    }
    const auto label = static_cast<std::uint32_t>(std::stoul(table.field(r, "label")));
    all.insert(label);
    group.first.insert(label);
  }
  for (const auto& c : run.at("cases")) {
    const std::string id = c.at("id");
    auto vox = voxels.find(id);
    for (const std::string& name : ev.config().predictionNames) {
      const auto& group = seen[{id, name}];
      if (group.second || vox == voxels.end() || vox->second[0] == 0) continue;
      const bool missing = c.at("predictions").at(name).is_null();
      for (std::uint32_t label : all)
        if (!group.first.count(label))
          table.rows.push_back(ev.absentRow(id, name, label, missing ? "missing" : "ok",
                                            vox->second[0]));
    }
  }
}

std::vector<SummaryLabel> labelsOf(const CasesTable& t, const RowOrder& order) {
  std::map<RowOrder::Key, SummaryLabel> byKey;
  for (const auto& r : t.rows) {
    if (t.field(r, "label").empty()) continue;
    RowOrder::Key k = order.key(t, r);
    std::get<0>(k) = std::get<1>(k) = 0;
    byKey.emplace(k, SummaryLabel{t.field(r, "label"), t.field(r, "name")});
  }
  std::vector<SummaryLabel> out;
  for (auto& [k, l] : byKey) out.push_back(l);
  return out;
}

}  // namespace

json DatasetRun::describeRun(const json& options, const std::string& referenceDir,
                             const std::string& imagesDir,
                             const std::vector<PredictionSource>& predictions,
                             const DatasetCases& cases, const Conventions& conventions) {
  json list = json::array();
  for (const DatasetCase& c : cases.cases) {
    json preds = json::object();
    for (std::size_t p = 0; p < predictions.size(); ++p)
      preds[predictions[p].name] = c.predictions[p].empty() ? json(nullptr)
                                                            : json(c.predictions[p]);
    list.push_back({{"id", c.id}, {"reference", c.reference},
                    {"image", c.image.empty() ? json(nullptr) : json(c.image)},
                    {"predictions", preds}});
  }
  json sources = json::array();
  for (const auto& p : predictions) sources.push_back({{"name", p.name}, {"dir", p.dir}});
  return {{"options", options},
          {"reference_dir", referenceDir},
          {"images_dir", imagesDir.empty() ? json(nullptr) : json(imagesDir)},
          {"predictions", sources},
          {"cases", list},
          {"missing", cases.missing(predictions)},
          {"conventions", conventionsJson(conventions)}};
}

void DatasetRun::prepareOutDir(const std::string& outDir, bool resume, bool overwrite) {
  std::error_code ec;
  if (fs::exists(outDir, ec) && !resume) {
    if (!overwrite)
      throw InputError(outDir, "output folder exists; pass --resume to continue its run or "
                               "--overwrite to replace it");
    for (const char* name : {"cases.csv", "summary.json", "manifest.json"})
      fs::remove(fs::path(outDir) / name, ec);
    fs::remove_all(fs::path(outDir) / "nnunet", ec);
  }
  fs::create_directories(outDir, ec);
  if (ec) throw InputError(outDir, "cannot create the output folder: " + ec.message());
}

std::vector<std::string> DatasetRun::failedCases(const CasesTable& table) {
  std::vector<std::string> out;
  for (const auto& r : table.rows)
    if (table.field(r, "status") == "error")
      out.push_back(table.field(r, "case") + " (" + table.field(r, "prediction") +
                    "): " + table.field(r, "error"));
  return out;
}

DatasetRun::Result DatasetRun::execute(const DatasetEvaluator& evaluator,
                                       const DatasetCases& cases, const DatasetRunSpec& spec,
                                       const std::string& outDir, int jobs, bool resume,
                                       const ProgressFn& progress,
                                       std::optional<std::size_t> killAfter) {
  const std::vector<std::size_t> indices =
      DatasetCases::shard(cases.cases.size(), spec.shard, spec.shards);
  CasesTable table;
  table.columns = evaluator.columns();
  CaseSizes voxels;
  std::set<std::string> finished;
  const std::string manifestPath = (fs::path(outDir) / "manifest.json").string();
  const std::string csvPath = (fs::path(outDir) / "cases.csv").string();
  if (resume && !fs::exists(manifestPath) && fs::exists(csvPath))
    throw InputError(csvPath, "no manifest.json beside it, so it cannot be checked to be this "
                              "run's; pass --overwrite to start again");
  if (resume && fs::exists(manifestPath)) {
    const json m = readManifest(manifestPath);
    if (m.at("run") != spec.run || m.value("shard", std::size_t(0)) != spec.shard ||
        m.value("of", std::size_t(1)) != spec.shards || m.value("sharded", false) != spec.sharded)
      throw InputError(manifestPath, "belongs to another run (other inputs, options or shard); "
                                     "--resume continues only the same run");
    voxels = m.at("voxels").get<CaseSizes>();
    if (const auto text = readText(csvPath)) {
      CasesTable old = CasesTable::parse(*text, csvPath);
      if (old.columns != table.columns)
        throw InputError(csvPath, "columns differ from this run's; cannot resume");
      std::set<std::string> failed;
      for (const auto& r : old.rows)
        if (old.field(r, "status") == "error") failed.insert(old.field(r, "case"));
      for (auto& r : old.rows)
        if (!failed.count(old.field(r, "case"))) {  // failed cases are tried again
          finished.insert(old.field(r, "case"));
          table.rows.push_back(std::move(r));
        }
    }
  }
  std::vector<std::size_t> remaining;
  for (std::size_t i : indices)
    if (!finished.count(cases.cases[i].id) || !voxels.count(cases.cases[i].id)) remaining.push_back(i);
  // A case computed again must not keep its old rows.
  std::set<std::string> redo;
  for (std::size_t i : remaining) redo.insert(cases.cases[i].id);
  table.rows.erase(std::remove_if(table.rows.begin(), table.rows.end(),
                                  [&](const auto& r) { return redo.count(table.field(r, "case")); }),
                   table.rows.end());
  Result result;
  result.total = indices.size();
  result.kept = indices.size() - remaining.size();
  const RowOrder order(evaluator, spec.run);
  auto checkpoint = [&](bool complete) {
    order.sort(table);
    writeManifest(outDir, spec, voxels, complete);
    AtomicFile::write(csvPath, table.serialize());
  };
  using Clock = std::chrono::steady_clock;
  auto lastCheckpoint = Clock::now();
  if (progress) progress(result.kept, result.total);
  evaluator.run(cases.cases, remaining, jobs, [&](std::size_t k, CaseOutcome&& outcome) {
    const std::string& id = cases.cases[remaining[k]].id;
    voxels[id] = {outcome.voxels, outcome.ignored};
    for (auto& r : outcome.rows) table.rows.push_back(std::move(r));
    ++result.computed;
    if (progress) progress(result.kept + result.computed, result.total);
    if (killAfter && result.computed == *killAfter) {
      checkpoint(false);
      std::raise(SIGKILL);  // test hook: die like a killed job, other cases still in flight
    }
    if (Clock::now() - lastCheckpoint >= std::chrono::seconds(1)) {
      checkpoint(false);
      lastCheckpoint = Clock::now();
    }
    return true;
  });
  checkpoint(true);
  if (!spec.sharded) finalize(evaluator, spec.run, table, voxels, outDir);
  result.failed = failedCases(table);
  return result;
}

void DatasetRun::finalize(const DatasetEvaluator& evaluator, const json& run, CasesTable table,
                          const CaseSizes& sizes, const std::string& outDir) {
  if (!evaluator.config().fixedLabels()) fillAbsentLabels(evaluator, run, table, sizes);
  const RowOrder order(evaluator, run);
  order.sort(table);
  AtomicFile::write((fs::path(outDir) / "cases.csv").string(), table.serialize());
  SummaryInput in;
  in.table = &table;
  for (const auto& c : run.at("cases")) {
    in.caseIds.push_back(c.at("id"));
    auto it = sizes.find(in.caseIds.back());
    in.ignored.push_back(it == sizes.end() ? 0 : it->second[1]);
  }
  in.predictions = evaluator.config().predictionNames;
  in.labels = labelsOf(table, order);
  in.bootstrap = run.at("options").at("bootstrap");
  in.seed = run.at("options").at("seed");
  json summary;
  summary["conventions"] = run.at("conventions");
  summary["conventions"]["statistics"] = DatasetSummary::definitions();
  summary["options"] = run.at("options");
  summary["predictions"] = run.at("predictions");
  summary["cases"] = run.at("cases");
  summary["missing"] = run.at("missing");
  summary["failed"] = failedCases(table);
  summary["statistics"] = DatasetSummary::statistics(in);
  summary["paired"] = DatasetSummary::paired(in);
  AtomicFile::write((fs::path(outDir) / "summary.json").string(), summary.dump(2) + "\n");
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t p = 0; p < in.predictions.size(); ++p) {
    const std::string& name = in.predictions[p];
    files.clear();
    const std::string dir = run.at("predictions").at(p).at("dir");
    for (const auto& c : run.at("cases")) {
      const auto& pf = c.at("predictions").at(name);
      // A missing prediction is named where nnU-Net would have looked for it.
      const std::string ref = c.at("reference");
      const std::string id = c.at("id");
      const std::string expected =
          (fs::path(dir) / (id + fs::path(ref).filename().string().substr(id.size()))).string();
      files.emplace_back(ref, pf.is_null() ? expected : pf.get<std::string>());
    }
    const fs::path folder = fs::path(outDir) / "nnunet" / name;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw InputError(folder.string(), "cannot create the folder: " + ec.message());
    AtomicFile::write((folder / "summary.json").string(), DatasetSummary::nnunet(in, p, files));
  }
}

DatasetRun::Shards DatasetRun::readShards(const std::vector<std::string>& dirs) {
  Shards out;
  std::map<std::size_t, std::string> seen;
  std::size_t of = 0;
  for (const std::string& dir : dirs) {
    const std::string mpath = (fs::path(dir) / "manifest.json").string();
    const json m = readManifest(mpath);
    if (!m.value("sharded", false) || !m.value("complete", false))
      throw InputError(mpath, m.value("sharded", false)
                                  ? "this shard did not finish (run it again with --resume)"
                                  : "not a shard (run with --shard I/N)");
    const std::size_t index = m.at("shard"), count = m.at("of");
    if (seen.empty()) {
      out.run = m.at("run");
      of = count;
    } else if (m.at("run") != out.run || count != of) {
      throw InputError(mpath, "belongs to another run than " + seen.begin()->second +
                                  " (other inputs, options or shard count)");
    }
    if (!seen.emplace(index, dir).second)
      throw InputError(mpath, "shard " + std::to_string(index) + " given twice (also " +
                                  seen[index] + ")");
    const std::string cpath = (fs::path(dir) / "cases.csv").string();
    const auto text = readText(cpath);
    if (!text) throw InputError(cpath, "file not found");
    CasesTable t = CasesTable::parse(*text, cpath);
    if (out.table.columns.empty()) out.table.columns = t.columns;
    if (t.columns != out.table.columns) throw InputError(cpath, "columns differ between shards");
    for (auto& r : t.rows) out.table.rows.push_back(std::move(r));
    for (const auto& [id, n] : m.at("voxels").items())
      out.sizes[id] = n.get<std::array<std::uint64_t, 2>>();
  }
  std::string absent;
  for (std::size_t i = 0; i < of; ++i)
    if (!seen.count(i)) absent += (absent.empty() ? "" : ", ") + std::to_string(i);
  if (dirs.empty()) throw InputError("merge", "no shard folders given");
  if (!absent.empty())
    throw InputError(dirs.front(), "shards missing from the merge: " + absent + " of " +
                                       std::to_string(of));
  return out;
}

}  // namespace seglens
