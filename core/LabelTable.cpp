#include "LabelTable.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "InputError.h"

namespace seglens {
namespace {

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open label table");
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

bool looksLikeItkSnap(const std::string& text) {
  // ITK-SNAP lines have 7 numbers followed by a quoted name.
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    return line.find('"') != std::string::npos;
  }
  return false;
}

}  // namespace

LabelTable LabelTable::parseItkSnap(const std::string& text, const std::string& sourceName) {
  LabelTable table;
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream ls(line);
    long long idx;
    int r, g, b, vis, mesh;
    double alpha;
    if (!(ls >> idx >> r >> g >> b >> alpha >> vis >> mesh) || idx < 0 || idx > 0xFFFFFFFFll) {
      throw InputError(sourceName, "line " + std::to_string(lineNo) +
                                       " is not an ITK-SNAP label entry (IDX R G B A VIS MSH \"NAME\")");
    }
    LabelInfo info;
    info.value = static_cast<std::uint32_t>(idx);
    const auto q1 = line.find('"');
    const auto q2 = line.rfind('"');
    info.name = (q1 != std::string::npos && q2 > q1) ? line.substr(q1 + 1, q2 - q1 - 1) : "";
    auto clamp = [](int v) { return static_cast<std::uint8_t>(std::min(255, std::max(0, v))); };
    info.rgb = {clamp(r), clamp(g), clamp(b)};
    info.opacity = std::min(1.0, std::max(0.0, alpha));
    info.visible = vis != 0;
    table.entries_[info.value] = info;
  }
  return table;
}

LabelTable LabelTable::parseAal(const std::string& text, const std::string& sourceName) {
  LabelTable table;
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream ls(line);
    long long idx;
    std::string name;
    if (!(ls >> idx >> name) || idx < 0 || idx > 0xFFFFFFFFll) {
      throw InputError(sourceName, "line " + std::to_string(lineNo) +
                                       " is not a label entry (expected: INDEX NAME [CODE])");
    }
    LabelInfo info;
    info.value = static_cast<std::uint32_t>(idx);
    info.name = name;
    info.rgb = generatedColor(info.value);
    table.entries_[info.value] = info;
  }
  return table;
}

void LabelTable::applyLut(const std::vector<std::uint8_t>& lut) {
  if (lut.size() != 768) return;
  for (std::uint32_t v = 1; v < 256; ++v) {
    auto& info = entries_[v];
    info.value = v;
    info.rgb = {lut[v], lut[256 + v], lut[512 + v]};
  }
}

LabelTable LabelTable::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, "label table not found");
  const std::string text = readAll(path);
  if (text.find('\0') != std::string::npos)
    throw InputError(path, "label table is binary, expected text");
  LabelTable table = looksLikeItkSnap(text) ? parseItkSnap(text, path) : parseAal(text, path);
  if (table.empty()) throw InputError(path, "label table has no entries");
  // AAL / mricron ships colours next to the names: aal.nii.txt + aal.nii.lut.
  std::filesystem::path lutPath(path);
  lutPath.replace_extension(".lut");
  if (lutPath.string() != path && std::filesystem::exists(lutPath, ec)) {
    const std::string lut = readAll(lutPath.string());
    if (lut.size() != 768)
      throw InputError(lutPath.string(), "colour table must be 768 bytes (256 RGB entries), got " +
                                             std::to_string(lut.size()));
    std::vector<std::uint8_t> bytes(lut.begin(), lut.end());
    std::map<std::uint32_t, LabelInfo> named = table.entries_;
    table.applyLut(bytes);
    // Keep only the colours of labels the table names (plus 1..255 so unnamed ones still draw).
    for (auto& [v, info] : named) {
      if (v < 256) info.rgb = table.entries_[v].rgb;
      table.entries_[v] = info;
    }
  }
  return table;
}

std::string LabelTable::findBeside(const std::string& imagePath) {
  std::string stem = imagePath;
  for (const std::string e : {".gz", ".nii", ".nrrd", ".mha", ".mhd"}) {
    if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0) {
      stem.resize(stem.size() - e.size());
      if (e != ".gz") break;
    }
  }
  // labels.txt in the same folder is how the demo (and many datasets) ship a shared table.
  const std::string shared =
      (std::filesystem::path(imagePath).parent_path() / "labels.txt").string();
  for (const std::string& candidate :
       {stem + ".nii.txt", stem + ".txt", stem + ".label.txt", shared}) {
    std::error_code ec;
    if (candidate != imagePath && std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return "";
}

const LabelInfo* LabelTable::find(std::uint32_t value) const {
  auto it = entries_.find(value);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string LabelTable::name(std::uint32_t value) const {
  if (const auto* info = find(value); info && !info->name.empty()) return info->name;
  if (value == 0) return "Background";
  return "Label " + std::to_string(value);
}

std::array<std::uint8_t, 3> LabelTable::color(std::uint32_t value) const {
  if (const auto* info = find(value)) return info->rgb;
  return generatedColor(value);
}

std::array<std::uint8_t, 3> LabelTable::generatedColor(std::uint32_t value) {
  if (value == 0) return {0, 0, 0};
  const double hue = std::fmod(value * 137.50776405, 360.0) / 60.0;
  const double s = (value % 3 == 0) ? 0.55 : 0.8;
  const double v = (value % 2 == 0) ? 0.95 : 0.8;
  const double c = v * s;
  const double x = c * (1 - std::abs(std::fmod(hue, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(hue)) {
    case 0: r = c; g = x; break;
    case 1: r = x; g = c; break;
    case 2: g = c; b = x; break;
    case 3: g = x; b = c; break;
    case 4: r = x; b = c; break;
    default: r = c; b = x; break;
  }
  const double m = v - c;
  auto to8 = [m](double ch) { return static_cast<std::uint8_t>(std::lround((ch + m) * 255)); };
  return {to8(r), to8(g), to8(b)};
}

}  // namespace seglens
