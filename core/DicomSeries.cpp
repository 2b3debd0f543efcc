#include "DicomSeries.h"

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>

#include <gdcmTrace.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "InputError.h"

namespace seglens {
namespace {

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

// Position of each file along the slice normal (from ImagePositionPatient and the orientation).
std::vector<std::pair<double, std::string>> positions(const std::string& folder,
                                                      const std::vector<std::string>& files) {
  std::vector<std::pair<double, std::string>> out;
  double normal[3] = {0, 0, 1};
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto io = itk::GDCMImageIO::New();
    try {
      io->SetFileName(files[i]);
      io->ReadImageInformation();
    } catch (const itk::ExceptionObject&) {
      throw InputError(files[i], "unreadable slice of the DICOM series in " + folder);
    }
    if (i == 0) {
      const auto row = io->GetDirection(0), col = io->GetDirection(1);
      if (row.size() >= 3 && col.size() >= 3) {
        normal[0] = row[1] * col[2] - row[2] * col[1];
        normal[1] = row[2] * col[0] - row[0] * col[2];
        normal[2] = row[0] * col[1] - row[1] * col[0];
      }
    }
    double d = 0;
    for (unsigned a = 0; a < 3 && a < io->GetNumberOfDimensions(); ++a) d += io->GetOrigin(a) * normal[a];
    out.emplace_back(d, files[i]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void checkSpacing(const std::string& folder,
                  const std::vector<std::pair<double, std::string>>& slices) {
  if (slices.size() < 2) return;
  std::vector<double> gaps;
  for (std::size_t i = 1; i < slices.size(); ++i) gaps.push_back(slices[i].first - slices[i - 1].first);
  std::vector<double> sorted = gaps;
  std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
  const double typical = sorted[sorted.size() / 2];
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    if (gaps[i] < 1e-6) {
      throw InputError(folder, "two slices of the DICOM series share the position " +
                                   number(slices[i].first) + " mm (" + slices[i].second + ", " +
                                   slices[i + 1].second + ")");
    }
    // 10 %: real series vary by rounding only; one missing slice doubles a gap.
    if (std::abs(gaps[i] - typical) > 0.1 * typical) {
      throw InputError(folder, "DICOM slice positions are not evenly spaced: a gap of " +
                                   number(gaps[i]) + " mm between " + number(slices[i].first) +
                                   " and " + number(slices[i + 1].first) + " mm where the others are " +
                                   number(typical) + " mm (a missing slice?)");
    }
  }
}

}  // namespace

std::vector<std::string> DicomSeries::select(const std::string& folder) {
  // GDCM prints its warnings ("No PhotometricInterpretation found ...") straight to stderr;
  // what matters about a series is checked and reported here, as one line.
  gdcm::Trace::WarningOff();
  gdcm::Trace::DebugOff();
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(true);
  names->SetDirectory(folder);
  const auto& uids = names->GetSeriesUIDs();
  if (uids.empty()) throw InputError(folder, "folder holds no DICOM series");
  // Several series in one folder: the one with the most slices is the usual volume, but two of
  // that size leave no way to tell which one the user meant.
  std::vector<std::pair<std::size_t, std::string>> bySize;
  for (const auto& uid : uids) bySize.emplace_back(names->GetFileNames(uid).size(), uid);
  std::sort(bySize.begin(), bySize.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (bySize.size() > 1 && bySize[0].first == bySize[1].first) {
    std::string list;
    for (const auto& [n, uid] : bySize)
      if (n == bySize[0].first) list += (list.empty() ? "" : ", ") + uid;
    throw InputError(folder, "holds several DICOM series with " + std::to_string(bySize[0].first) +
                                 " slices each (" + list +
                                 "); move the one to load into a folder of its own");
  }
  const auto slices = positions(folder, names->GetFileNames(bySize[0].second));
  checkSpacing(folder, slices);
  std::vector<std::string> files;
  for (const auto& s : slices) files.push_back(s.second);
  return files;
}

}  // namespace seglens
