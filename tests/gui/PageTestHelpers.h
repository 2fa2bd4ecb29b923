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

#include <memory>

namespace pagetest {

/** A dark palette with every role a real dark theme sets. */
inline QPalette darkPalette()
{
    QPalette p;
    const auto set = [&p](QPalette::ColorRole role, QRgb rgb) { p.setColor(role, QColor::fromRgb(rgb)); };
    set(QPalette::Window, 0x2b2b2b);
    set(QPalette::WindowText, 0xdddddd);
    set(QPalette::Base, 0x1e1e1e);
    set(QPalette::AlternateBase, 0x262626);
    set(QPalette::Text, 0xe0e0e0);
    set(QPalette::Button, 0x353535);
    set(QPalette::ButtonText, 0xdddddd);
    set(QPalette::BrightText, 0xff6b6b);
    set(QPalette::Light, 0x4a4a4a);
    set(QPalette::Midlight, 0x3c3c3c);
    set(QPalette::Mid, 0x505050);
    set(QPalette::Dark, 0x1a1a1a);
    set(QPalette::Shadow, 0x000000);
    set(QPalette::Highlight, 0x3d7ad6);
    set(QPalette::HighlightedText, 0xffffff);
    set(QPalette::ToolTipBase, 0x3a3a3a);
    set(QPalette::ToolTipText, 0xeeeeee);
    set(QPalette::PlaceholderText, 0x8a8a8a);
    set(QPalette::Link, 0x7aa7ff);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x70, 0x70));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x70, 0x70));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x70, 0x70));
    return p;
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
