#include "CasesTable.h"

#include <sstream>

#include "InputError.h"
#include "Report.h"

namespace seglens {
namespace {

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

CasesTable CasesTable::withColumns(const Conventions& conventions) {
  // eval's own header, so the columns follow it whatever it gains (a header-only report).
  EvalReport empty;
  empty.conventions = conventions;
  const std::vector<Row> header = parseCsv(reportCsv(empty), "eval header");
  CasesTable t;
  t.columns = {"case", "prediction", "label", "name", "status"};
  t.columns.insert(t.columns.end(), header.front().begin() + 3, header.front().end());
  t.columns.push_back("error");
  return t;
}

std::vector<CasesTable::Row> CasesTable::parseCsv(const std::string& text,
                                                  const std::string& source) {
  std::vector<Row> out;
  Row row;
  std::string field;
  bool quoted = false, fieldStarted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') field += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else quoted = false;
      continue;
    }
    if (c == '"' && field.empty()) quoted = fieldStarted = true;
    else if (c == ',') row.push_back(std::move(field)), field.clear(), fieldStarted = true;
    else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      out.push_back(std::move(row));
      row.clear();
      fieldStarted = false;
    } else if (c != '\r') field += c, fieldStarted = true;
  }
  if (quoted) throw InputError(source, "unterminated quoted field (truncated CSV?)");
  if (fieldStarted || !field.empty()) {
    row.push_back(std::move(field));
    out.push_back(std::move(row));
  }
  return out;
}

CasesTable CasesTable::parse(const std::string& text, const std::string& source) {
  std::vector<Row> records = parseCsv(text, source);
  if (records.empty()) throw InputError(source, "empty CSV: no header");
  CasesTable t;
  t.columns = std::move(records.front());
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != t.columns.size())
      throw InputError(source, "row " + std::to_string(i + 1) + " has " +
                                   std::to_string(records[i].size()) + " fields, the header " +
                                   std::to_string(t.columns.size()) + " (truncated file?)");
    t.rows.push_back(std::move(records[i]));
  }
  return t;
}

std::string CasesTable::serialize() const {
  std::ostringstream os;
  auto line = [&](const Row& r) {
    for (std::size_t i = 0; i < r.size(); ++i) os << (i ? "," : "") << csvField(r[i]);
    os << "\n";
  };
  line(columns);
  for (const Row& r : rows) line(r);
  return os.str();
}

int CasesTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return int(i);
  return -1;
}

const std::string& CasesTable::field(const Row& row, const std::string& name) const {
  static const std::string none;
  const int c = column(name);
  return c < 0 ? none : row[std::size_t(c)];
}

std::vector<std::string> CasesTable::metricColumns() const {
  std::vector<std::string> out;
  for (const std::string& column : columns) {
    // --surface both writes the surfel definition's distances again, prefixed surfel_.
    const std::string c = column.rfind("surfel_", 0) == 0 ? column.substr(7) : column;
    if (c == "asd_ref_to_pred" || c == "asd_pred_to_ref") out.push_back(column);
    else if (c == "dice" || c == "jaccard" || c == "f1" || c == "precision" || c == "recall" ||
        c == "specificity" || c == "fpr" || c == "fnr" || c == "volume_similarity" ||
        c == "soft_dice" || c == "soft_dice_loss" || c == "tversky" || c == "hd" ||
        c == "hd95" || c == "assd" || c == "masd" || c.rfind("nsd_", 0) == 0)
      out.push_back(column);
  }
  return out;
}

}  // namespace seglens
