#include "IncidentReportFiles.h"

#include "IncidentHtmlWriter.h"
#include "IncidentMarkdownWriter.h"
#include "core/Logging.h"

#include <QDir>
#include <QSaveFile>

namespace ops {

QStringList IncidentReportFiles::write(const IncidentReport &report, const QString &folder, int formats, HistoryError *error)
{
    static const auto log = Logging::get("reports");
    HistoryError ignored;
    HistoryError &err = error ? *error : ignored;
    err = {};
    QStringList written;
    if (!QDir().mkpath(folder)) {
        err = HistoryError::make(HistoryError::Kind::Io, QStringLiteral("cannot create the folder %1").arg(folder));
        return written;
    }
    QList<QPair<QString, QString>> files;
    if (formats & Markdown)
        files << qMakePair(markdownName(), IncidentMarkdownWriter::write(report));
    if (formats & Html)
        files << qMakePair(htmlName(), IncidentHtmlWriter::write(report));
    for (const auto &[name, text] : files) {
        const QString path = QDir(folder).filePath(name);
        QSaveFile file(path);
        const QByteArray bytes = text.toUtf8();
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            err = HistoryError::make(HistoryError::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
            log->warn("{}", err.message.toStdString());
            return written;
        }
        written << path;
    }
    log->info("incident report of {} written to {}", report.deploymentId.toStdString(), folder.toStdString());
    return written;
}

} // namespace ops
