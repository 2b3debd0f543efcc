#pragma once
// Label names and colours. Reads ITK-SNAP label description files and AAL-style "<name>.txt"
// (index name [code]) with a sibling "<name>.lut" (768 bytes: 256 reds, greens, blues); any label
// not described gets a generated colour so every label is always drawable.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace seglens {

struct LabelInfo {
  std::uint32_t value = 0;
  std::string name;
  std::array<std::uint8_t, 3> rgb{255, 255, 255};
  double opacity = 1.0;
  bool visible = true;
};

class LabelTable {
 public:
  // Throws InputError naming the file when it cannot be read or parsed.
  static LabelTable load(const std::string& path);
  // The table stored next to an image by the mricron convention (aal.nii.gz -> aal.nii.txt,
  // or NAME.txt / NAME.label.txt, or labels.txt in the same folder), or "" when there is none.
  static std::string findBeside(const std::string& imagePath);
  static LabelTable parseItkSnap(const std::string& text, const std::string& sourceName);
  static LabelTable parseAal(const std::string& text, const std::string& sourceName);
  // Applies a 768-byte planar LUT to every label in the table (and to 1..255 when absent).
  void applyLut(const std::vector<std::uint8_t>& lut);

  bool contains(std::uint32_t value) const { return entries_.count(value) != 0; }
  const LabelInfo* find(std::uint32_t value) const;
  // Name from the table, or "Label <value>"; label 0 is "Background".
  std::string name(std::uint32_t value) const;
  // Colour from the table, or a generated distinct colour.
  std::array<std::uint8_t, 3> color(std::uint32_t value) const;
  void set(const LabelInfo& info) { entries_[info.value] = info; }
  const std::map<std::uint32_t, LabelInfo>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  // A generated colour for `value`: golden-angle hues, so neighbouring labels look different.
  static std::array<std::uint8_t, 3> generatedColor(std::uint32_t value);

 private:
  std::map<std::uint32_t, LabelInfo> entries_;
};

}  // namespace seglens
