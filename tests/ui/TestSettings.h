#pragma once
// Windows under test remember recent files and folders through QSettings: point it at a
// temporary directory so tests and benchmarks never write the user's own configuration.
#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

namespace seglens {

inline void isolateTestSettings(const char* application) {
  static QTemporaryDir dir;
  QCoreApplication::setOrganizationName("SegLensTest");
  QCoreApplication::setApplicationName(application);
  for (auto format : {QSettings::NativeFormat, QSettings::IniFormat})
    QSettings::setPath(format, QSettings::UserScope, dir.path());
}

}  // namespace seglens
