#include "HistoryExporter.h"

#include "core/Csv.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStringList>

namespace ops {

namespace {

bool save(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | mode) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error != nullptr)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

bool HistoryExporter::writeCsv(const QString &path, const OpsEvents &events, QString *error)
{
    QByteArray out = "id,time,timestampMs,deployment,kind,severity,source,node,endpoint,message,details\n";
    for (const OpsEvent &e : events) {
        const QStringList fields{
            QString::number(e.id),
            QDateTime::fromMSecsSinceEpoch(e.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs),
            QString::number(e.timestampMs),
            e.deploymentId,
            e.kindName(),
            OpsEvent::severityName(e.severity),
            OpsEvent::sourceName(e.source),
            e.nodeId,
            e.endpoint,
            e.message,
            e.details.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)),
        };
        QStringList quoted;
        for (const QString &f : fields)
            quoted << Csv::quoted(Csv::spreadsheetText(f));
        out += quoted.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return save(path, out, QIODevice::Text, error);
}

bool HistoryExporter::writeJson(const QString &path, const OpsEvents &events, QString *error)
{
    QJsonArray rows;
    for (const OpsEvent &e : events)
        rows.append(e.toJson());
    return save(path, QJsonDocument(rows).toJson(QJsonDocument::Indented), {}, error);
}

} // namespace ops
