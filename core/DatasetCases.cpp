#include "DatasetCases.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

// Longest first, so "x.seg.nrrd" is not read as case "x.seg".
const char* const kExtensions[] = {".seg.nrrd", ".nii.gz", ".nrrd", ".nii", ".mha", ".mhd"};

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string absoluteDir(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p.string();
}

// case id -> file, for every image in `dir`. Two files of one case (a.nii and a.nii.gz) are
// ambiguous: refused rather than guessed.
std::map<std::string, std::string> listCases(const std::string& dir, const std::string& suffix) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir, "not a folder");
  std::map<std::string, std::string> out;
  fs::directory_iterator it(dir, ec), end;
  if (ec) throw InputError(dir, "cannot list the folder: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw InputError(dir, "cannot list the folder: " + ec.message());
    const std::string name = it->path().filename().string();
    std::string id = DatasetCases::caseId(name);
    if (id.empty() || (!suffix.empty() && !endsWith(id, suffix))) continue;
    if (!suffix.empty()) id.resize(id.size() - suffix.size());
    const std::string file = (fs::path(dir) / name).string();
    auto [pos, inserted] = out.emplace(id, file);
    if (!inserted)
      throw InputError(file, "case \"" + id + "\" has two files here (also " + pos->second + ")");
  }
  return out;
}

}  // namespace

std::string DatasetCases::caseId(const std::string& fileName) {
  for (const char* ext : kExtensions)
    if (endsWith(fileName, ext)) return fileName.substr(0, fileName.size() - std::string(ext).size());
  return "";
}

DatasetCases DatasetCases::discover(const std::string& referenceDir,
                                    const std::vector<PredictionSource>& predictions,
                                    const std::string& imagesDir) {
  const auto refs = listCases(absoluteDir(referenceDir), "");
  if (refs.empty()) throw InputError(referenceDir, "no reference label maps in this folder");
  std::vector<std::map<std::string, std::string>> preds;
  for (const auto& p : predictions) preds.push_back(listCases(absoluteDir(p.dir), ""));
  std::map<std::string, std::string> images;
  if (!imagesDir.empty()) images = listCases(absoluteDir(imagesDir), "_0000");
  DatasetCases out;
  for (const auto& [id, file] : refs) {
    DatasetCase c;
    c.id = id;
    c.reference = file;
    for (const auto& pm : preds) {
      auto it = pm.find(id);
      c.predictions.push_back(it == pm.end() ? "" : it->second);
    }
    if (auto it = images.find(id); it != images.end()) c.image = it->second;
    out.cases.push_back(std::move(c));
  }
  for (std::size_t p = 0; p < preds.size(); ++p)
    for (const auto& [id, file] : preds[p])
      if (!refs.count(id))
        out.warnings.push_back(file + ": prediction \"" + predictions[p].name +
                               "\" has no reference case \"" + id + "\"; ignored");
  return out;
}

std::vector<std::size_t> DatasetCases::shard(std::size_t caseCount, std::size_t index,
                                             std::size_t count) {
  std::vector<std::size_t> out;
  for (std::size_t i = index; i < caseCount; i += count) out.push_back(i);
  return out;
}

std::vector<std::string> DatasetCases::missing(
    const std::vector<PredictionSource>& predictions) const {
  std::vector<std::string> out;
  for (const auto& c : cases)
    for (std::size_t p = 0; p < c.predictions.size(); ++p)
      if (c.predictions[p].empty()) out.push_back(c.id + " (" + predictions[p].name + ")");
  return out;
}

}  // namespace seglens
