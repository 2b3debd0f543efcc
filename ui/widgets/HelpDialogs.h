#pragma once
// Help built in: the keyboard and mouse reference (also `?` and F1), how to read the error map,
// and About (versions of SegLens and of every library it was built with). Each opens as a
// non-blocking dialog (no nested event loop) named for tests.
class QWidget;

namespace seglens {

// Object names: "shortcutsDialog", "errorMapHelpDialog", "aboutDialog".
void showShortcuts(QWidget* parent);
void showErrorMapHelp(QWidget* parent);
void showAbout(QWidget* parent);

}  // namespace seglens
