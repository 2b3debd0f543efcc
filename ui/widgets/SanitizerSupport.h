#pragma once
// In ASan builds only (the viewer and its GUI tests, preset asan-ui), keeps the OpenGL driver
// and Qt's plugins mapped until the process ends.
// Mesa's driver (dlopen'ed by GLX) and Qt's plugins are unloaded at exit before LSan looks, so
// what they keep on purpose is reported from "<unknown module>", which no suppression can name
// and which would hide whose memory it is. RTLD_NODELETE makes the later dlclose a no-op, so the
// frames resolve to the library and tests/lsan.supp can match it by name like any other.
#include <dlfcn.h>
#include <glob.h>

#include <QLibraryInfo>
#include <QString>

namespace seglens {

inline void keepSharedLibrariesLoadedForLeakChecks() {
#if defined(__SANITIZE_ADDRESS__)
  const QString plugins = QLibraryInfo::location(QLibraryInfo::PluginsPath);
  const QString patterns[] = {
      "/usr/lib/x86_64-linux-gnu/dri/*swrast_dri.so", plugins + "/platforms/*.so",
      plugins + "/xcbglintegrations/*.so", plugins + "/platforminputcontexts/*.so",
      plugins + "/platformthemes/*.so", plugins + "/imageformats/*.so",
      plugins + "/iconengines/*.so"};
  for (const QString& pattern : patterns) {
    glob_t found{};
    if (::glob(pattern.toLocal8Bit().constData(), 0, nullptr, &found) == 0)
      for (std::size_t i = 0; i < found.gl_pathc; ++i)
        ::dlopen(found.gl_pathv[i], RTLD_NOW | RTLD_NODELETE);  // a failure changes nothing
    ::globfree(&found);
  }
#endif
}

}  // namespace seglens
