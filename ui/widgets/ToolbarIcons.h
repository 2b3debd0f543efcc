#pragma once
// Icons of the main toolbar, drawn at runtime with QPainter: there is no resource system to
// ship image files through, and painting them keeps them sharp at every size and in the
// palette's text colour (light or dark themes).
#include <QIcon>

namespace seglens {

class ToolbarIcons {
 public:
  static QIcon exportFigure();
  static QIcon layout2x2();
  static QIcon layout1x3();
  static QIcon singleView();
  static QIcon compare();
  static QIcon errorMap();
  static QIcon membership();
};

}  // namespace seglens
