#include "widgets/ToolbarIcons.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <array>
#include <functional>
#include <vector>

#include "render/OverlayColors.h"

namespace seglens {

namespace {

QColor rgb(const colors::Rgb& c) { return QColor(c[0], c[1], c[2]); }

// Every icon is drawn on a 24x24 canvas and rendered at the sizes toolbars and menus ask for,
// so lines stay one device pixel wide-ish at each size rather than being scaled bitmaps.
QIcon paint(const std::function<void(QPainter&, const QColor&)>& draw) {
  const QColor ink = QApplication::palette().color(QPalette::WindowText);
  QIcon icon;
  for (int size : {16, 22, 24, 32, 48}) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 24.0, size / 24.0);
    p.setPen(QPen(ink, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    draw(p, ink);
    p.end();
    icon.addPixmap(pixmap);
  }
  return icon;
}

// Panes of a view layout, each a rounded rectangle.
QIcon panes(const std::vector<QRectF>& rects) {
  return paint([rects](QPainter& p, const QColor&) {
    for (const QRectF& r : rects) p.drawRoundedRect(r, 1.5, 1.5);
  });
}

}  // namespace

QIcon ToolbarIcons::exportFigure() {
  return paint([](QPainter& p, const QColor&) {
    // A tray with an arrow leaving it.
    QPainterPath tray;
    tray.moveTo(4, 13);
    tray.lineTo(4, 20);
    tray.lineTo(20, 20);
    tray.lineTo(20, 13);
    p.drawPath(tray);
    p.drawLine(QPointF(12, 16), QPointF(12, 3.5));
    p.drawLine(QPointF(7.5, 8), QPointF(12, 3.5));
    p.drawLine(QPointF(16.5, 8), QPointF(12, 3.5));
  });
}

QIcon ToolbarIcons::layout2x2() {
  return panes({{3, 3, 8, 8}, {13, 3, 8, 8}, {3, 13, 8, 8}, {13, 13, 8, 8}});
}

QIcon ToolbarIcons::layout1x3() {
  return panes({{2, 5, 6, 14}, {9, 5, 6, 14}, {16, 5, 6, 14}});
}

QIcon ToolbarIcons::singleView() {
  return paint([](QPainter& p, const QColor&) {
    p.drawRoundedRect(QRectF(3, 3, 18, 18), 1.5, 1.5);
    // Corner marks: one view filling the area.
    for (const auto& [x, y, dx, dy] : {std::array<double, 4>{7, 7, 1, 1}, {17, 7, -1, 1},
                                       {7, 17, 1, -1}, {17, 17, -1, -1}}) {
      p.drawLine(QPointF(x, y), QPointF(x + 3 * dx, y));
      p.drawLine(QPointF(x, y), QPointF(x, y + 3 * dy));
    }
  });
}

QIcon ToolbarIcons::compare() {
  return paint([](QPainter& p, const QColor& ink) {
    // Two linked panes showing the same structure.
    p.drawRoundedRect(QRectF(2, 5, 9, 14), 1.5, 1.5);
    p.drawRoundedRect(QRectF(13, 5, 9, 14), 1.5, 1.5);
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    p.drawEllipse(QPointF(6.5, 12), 2.2, 2.8);
    p.drawEllipse(QPointF(17.5, 12), 2.6, 2.4);
  });
}

QIcon ToolbarIcons::errorMap() {
  return paint([](QPainter& p, const QColor& ink) {
    // Two overlapping regions in the error-map colours: FN (GT only), TP (both), FP (prediction
    // only), as the slice views draw them.
    const QRectF gt(2, 5, 13, 13), pred(9, 5, 13, 13);
    QPainterPath a, b;
    a.addEllipse(gt);
    b.addEllipse(pred);
    p.setPen(Qt::NoPen);
    p.fillPath(a.subtracted(b), rgb(colors::kFalseNegative));
    p.fillPath(b.subtracted(a), rgb(colors::kFalsePositive));
    p.fillPath(a.intersected(b), rgb(colors::kTruePositive));
    p.setPen(QPen(ink, 1.0));
    p.drawPath(a.united(b));
  });
}

QIcon ToolbarIcons::membership() {
  return paint([](QPainter& p, const QColor& ink) {
    // A shaded ball, blue where it lies inside the GT and vermillion where it does not.
    const QRectF ball(3, 3, 18, 18);
    QPainterPath circle;
    circle.addEllipse(ball);
    QPainterPath left;
    left.addRect(QRectF(0, 0, 13, 24));
    p.setPen(Qt::NoPen);
    p.fillPath(circle.intersected(left), rgb(colors::kTruePositive));
    p.fillPath(circle.subtracted(left), rgb(colors::kFalsePositive));
    QRadialGradient shine(QPointF(9, 8), 10);
    shine.setColorAt(0, QColor(255, 255, 255, 150));
    shine.setColorAt(1, QColor(255, 255, 255, 0));
    p.fillPath(circle, shine);
    p.setPen(QPen(ink, 1.0));
    p.drawEllipse(ball);
  });
}

}  // namespace seglens
