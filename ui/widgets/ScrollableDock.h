#pragma once
// Dock contents in a scroll area: a dock then asks for no more room than its title and a few
// rows, so the window fits a 1280x720 screen with every dock open (issue 11: the docks' own
// minimum sizes added up to 851x818). Squeezed panels scroll instead of being clipped.
#include <QFrame>
#include <QScrollArea>

namespace seglens {

inline QScrollArea* scrollableDockContent(QWidget* content) {
  auto* area = new QScrollArea;
  area->setObjectName(content->objectName() + "Scroll");
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setWidget(content);
  return area;
}

}  // namespace seglens
