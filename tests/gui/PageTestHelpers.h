#pragma once
// Helpers shared by the page GUI tests (header-only): a complete dark palette, the mean
// lightness of an image area, and answering the next modal QFileDialog from a timer so that
// shortcut-triggered exports can be driven end to end offscreen.

#include <QApplication>
#include <QColor>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QImage>
#include <QPalette>
#include <QTimer>

#include "ThemePalette.h"

#include <memory>

namespace pagetest {

/** The console's dark theme (Settings ▸ Theme ▸ dark): every role a real dark theme sets. */
inline QPalette darkPalette()
{
    return ops::ThemePalette::dark();
}

/** Mean HSL lightness (0..255) of @p area of @p image. */
inline int meanLightness(const QImage &image, const QRect &area)
{
    const QRect r = area.intersected(image.rect());
    if (r.isEmpty())
        return -1;
    qint64 sum = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            sum += image.pixelColor(x, y).lightness();
    return int(sum / (qint64(r.width()) * r.height()));
}

/** What answerNextFileDialog() saw. */
struct FileDialogAnswer
{
    bool seen = false;
    QString title;
    QStringList filters;
};

/**
 * Polls for the next modal QFileDialog (for up to 10 s) and accepts it with @p path (rejects it
 * when @p path is empty). Arm it before the key press that opens the dialog.
 */
inline std::shared_ptr<FileDialogAnswer> answerNextFileDialog(const QString &path)
{
    auto answer = std::make_shared<FileDialogAnswer>();
    auto *timer = new QTimer(qApp);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer, path, clock] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (dialog == nullptr) {
            if (clock->elapsed() > 10'000)
                timer->deleteLater();
            return;
        }
        answer->seen = true;
        answer->title = dialog->windowTitle();
        answer->filters = dialog->nameFilters();
        QDialog *asDialog = dialog; // QFileDialog::accept() is protected; QDialog's is public (and virtual)
        if (path.isEmpty()) {
            asDialog->reject();
        } else {
            // selectFile() alone keeps a suggested name typed in the name field: set both.
            const QFileInfo info(path);
            dialog->setDirectory(info.absolutePath());
            dialog->selectFile(info.fileName());
            if (auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
                edit->setText(info.fileName());
            asDialog->accept();
        }
        timer->deleteLater();
    });
    timer->start();
    return answer;
}

} // namespace pagetest
