#include "MetaImageCheck.h"

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "InputError.h"

namespace fs = std::filesystem;

namespace seglens {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// MetaIO's sizes for each element type (metaTypes.h); 0 for types we do not size.
std::uint64_t elementBytes(const std::string& type) {
  static const std::map<std::string, std::uint64_t> sizes = {
      {"met_char", 1},  {"met_uchar", 1},      {"met_short", 2},     {"met_ushort", 2},
      {"met_int", 4},   {"met_uint", 4},       {"met_long", 4},      {"met_ulong", 4},
      {"met_float", 4}, {"met_long_long", 8},  {"met_ulong_long", 8}, {"met_double", 8}};
  const auto it = sizes.find(lower(type));
  return it == sizes.end() ? 0 : it->second;
}

bool isTrue(const std::string& v) {
  const std::string l = lower(v);
  return l == "true" || l == "t" || l == "1";
}

struct Header {
  std::map<std::string, std::string> fields;  // lower-case key -> value
  std::uint64_t dataOffset = 0;               // just past the ElementDataFile line
  bool complete = false;                      // ElementDataFile was found
};

Header parse(const std::string& path) {
  Header h;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::uint64_t offset = 0;
  // A header is short text; stop early on binary garbage.
  for (int lines = 0; lines < 200 && std::getline(in, line); ++lines) {
    offset += line.size() + 1;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = lower(trim(line.substr(0, eq)));
    h.fields[key] = trim(line.substr(eq + 1));
    if (key == "elementdatafile") {
      h.dataOffset = offset;
      h.complete = true;
      break;
    }
  }
  return h;
}

std::string field(const Header& h, const std::string& key) {
  const auto it = h.fields.find(key);
  return it == h.fields.end() ? "" : it->second;
}

// Product of the dimensions and the channels, with every overflow reported as such.
std::uint64_t declaredBytes(const std::string& path, const Header& h, std::uint64_t element) {
  std::istringstream dims(field(h, "dimsize"));
  std::vector<std::string> tokens;
  for (std::string t; dims >> t;) tokens.push_back(t);
  std::uint64_t bytes = element;
  std::string shown;
  bool overflow = false;
  const std::string channels = field(h, "elementnumberofchannels");
  if (!channels.empty()) tokens.push_back(channels);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::uint64_t v = 0;
    try {
      std::size_t used = 0;
      v = std::stoull(tokens[i], &used);
      if (used != tokens[i].size() || tokens[i][0] == '-') return 0;  // leave oddities to ITK
    } catch (const std::exception&) {
      return 0;
    }
    if (i + (channels.empty() ? 0 : 1) < tokens.size()) shown += (shown.empty() ? "" : "x") + tokens[i];
    overflow |= __builtin_mul_overflow(bytes, v, &bytes);
  }
  if (overflow) {
    throw InputError(path, "header declares " + shown +
                               " voxels, more bytes than any file or memory can hold "
                               "(corrupt dimensions)");
  }
  return bytes;
}

}  // namespace

bool MetaImageCheck::handles(const std::string& path) {
  const std::string ext = lower(fs::path(path).extension().string());
  return ext == ".mha" || ext == ".mhd";
}

void MetaImageCheck::check(const std::string& path) {
  const Header h = parse(path);
  if (!h.complete) return;  // ITK reports what is wrong with it
  const std::uint64_t element = elementBytes(field(h, "elementtype"));
  if (element == 0) return;
  const std::uint64_t bytes = declaredBytes(path, h, element);
  if (bytes == 0) return;
  const std::string binary = field(h, "binarydata");
  if (!binary.empty() && !isTrue(binary)) return;  // ASCII data: no byte count to compare
  const std::string dataName = field(h, "elementdatafile");
  const std::string headerSize = field(h, "headersize");
  std::error_code ec;
  std::string dataPath = path;
  std::uint64_t available = 0;
  if (lower(dataName) == "local") {
    if (!headerSize.empty()) return;  // an explicit offset: ITK positions the data itself
    const std::uint64_t size = fs::file_size(path, ec);
    available = size > h.dataOffset ? size - h.dataOffset : 0;
  } else {
    if (lower(dataName).rfind("list", 0) == 0 || dataName.find('%') != std::string::npos) return;
    dataPath = (fs::path(path).parent_path() / dataName).string();
    if (!fs::exists(dataPath, ec))
      throw InputError(path, "its data file " + dataPath + " (ElementDataFile) was not found");
    available = fs::file_size(dataPath, ec);
    if (!headerSize.empty() && headerSize != "-1") {
      std::uint64_t skip = 0;
      try { skip = std::stoull(headerSize); } catch (const std::exception&) { return; }
      available = available > skip ? available - skip : 0;
    }
  }
  if (ec) return;
  const std::string where = dataPath == path ? "the file" : "data file " + dataPath;
  if (isTrue(field(h, "compresseddata"))) {
    // Deflate cannot expand data more than 1032:1.
    if (bytes / 1032 > available + 4096)
      throw InputError(path, "header declares " + std::to_string(bytes) + " bytes of voxel data, more than " +
                                 where + "'s " + std::to_string(available) +
                                 " compressed bytes can hold (truncated, or corrupt dimensions)");
    return;
  }
  if (available < bytes) {
    throw InputError(path, "truncated: expected " + std::to_string(bytes) +
                               " bytes of voxel data, " + where + " has " +
                               std::to_string(available));
  }
}

}  // namespace seglens
