#pragma once
// cases.csv of a dataset run: `case,prediction,label,name,status`, then exactly the columns of
// `eval --csv` after its prediction,label,name, then `error`. Rows are kept as the text of their
// fields, so a row read back (by --resume or merge) is written again byte for byte.
#include <string>
#include <vector>

#include "Metrics.h"

namespace seglens {

class CasesTable {
 public:
  using Row = std::vector<std::string>;

  std::vector<std::string> columns;
  std::vector<Row> rows;

  // An empty table with the columns a run under `conventions` writes.
  static CasesTable withColumns(const Conventions& conventions);
  // Parses CSV text (RFC 4180 quoting); throws InputError naming `source` on a malformed file
  // or a row whose field count differs from the header's.
  static CasesTable parse(const std::string& text, const std::string& source);
  static std::vector<Row> parseCsv(const std::string& text, const std::string& source);
  std::string serialize() const;

  // Index of column `name`, or -1.
  int column(const std::string& name) const;
  // Field of `row` in column `name`, "" when there is no such column.
  const std::string& field(const Row& row, const std::string& name) const;
  // The columns from which a metric value can be read: dice ... tversky, distances, nsd_*.
  std::vector<std::string> metricColumns() const;
};

}  // namespace seglens
