#include "MetricsExporter.h"

#include "MetricPlot.h"
#include "core/Csv.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>
#include <map>

namespace ops {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

QString numberText(MetricDefinition::Metric metric, double value)
{
    using M = MetricDefinition::Metric;
    if (metric == M::LagSeconds || metric == M::Fragmentation || metric == M::OpsPerSec)
        return QLocale::c().toString(value, 'g', 10);
    return QString::number(qint64(std::llround(value)));
}

} // namespace

bool MetricsExporter::writeCsv(const QString &path, const MetricHistory &store, const QList<Column> &columns,
                               qint64 fromMs, qint64 toMs, QString *error)
{
    // time -> one cell per column
    std::map<qint64, QStringList> rows;
    QHash<QString, std::vector<MetricSample>> ranges;
    for (qsizetype c = 0; c < columns.size(); ++c) {
        const Column &col = columns.at(c);
        if (!ranges.contains(col.nodeId))
            ranges.insert(col.nodeId, store.range(col.nodeId, fromMs, toMs));
        for (const MetricSample &s : ranges.value(col.nodeId)) {
            QStringList &row = rows[s.timestampMs];
            if (row.isEmpty())
                row.resize(columns.size());
            const double v = MetricDefinition::valueOf(col.metric, s);
            if (!std::isnan(v))
                row[c] = numberText(col.metric, v);
        }
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    QStringList header = {QStringLiteral("timestamp_ms"), QStringLiteral("time_utc")};
    for (const Column &col : columns)
        header << Csv::field(Csv::spreadsheetText(col.header));
    QByteArray out = header.join(QLatin1Char(',')).toUtf8() + '\n';
    for (const auto &[ms, cells] : rows) {
        const QString time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        out += (QString::number(ms) + QLatin1Char(',') + time + QLatin1Char(',') + cells.join(QLatin1Char(',')))
                   .toUtf8()
               + '\n';
    }
    file.write(out);
    if (!file.commit()) {
        setError(error, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool MetricsExporter::writePng(const QString &path, const QList<MetricPlot *> &plots, int columns, QSize cell,
                               QString *error)
{
    if (plots.isEmpty() || columns < 1 || cell.isEmpty()) {
        setError(error, QStringLiteral("nothing to export"));
        return false;
    }
    const int rowCount = int((plots.size() + columns - 1) / columns);
    QImage image(cell.width() * columns, cell.height() * rowCount, QImage::Format_ARGB32_Premultiplied);
    image.fill(plots.first()->palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        for (qsizetype i = 0; i < plots.size(); ++i) {
            const QPixmap pixmap = plots.at(i)->toPixmap(cell.width(), cell.height());
            painter.drawPixmap(int(i % columns) * cell.width(), int(i / columns) * cell.height(), pixmap);
        }
    }
    if (!image.save(path, "PNG")) {
        setError(error, QStringLiteral("cannot write PNG %1").arg(path));
        return false;
    }
    return true;
}

bool MetricsExporter::writePdf(const QString &path, const QList<MetricPlot *> &plots, int columns, QSize cell,
                               const QString &title, QString *error)
{
    if (plots.isEmpty() || columns < 1 || cell.isEmpty()) {
        setError(error, QStringLiteral("nothing to export"));
        return false;
    }
    QPdfWriter writer(path);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Redis Ops Console"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout::Millimeter);
    const int rowCount = int((plots.size() + columns - 1) / columns);
    const QSize total(cell.width() * columns, cell.height() * rowCount);

    QCPPainter painter;
    if (!painter.begin(&writer)) {
        setError(error, QStringLiteral("cannot write PDF %1").arg(path));
        return false;
    }
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setMode(QCPPainter::pmNonCosmetic);
    // Logical coordinates = the grid in pixels, scaled to the page keeping the aspect ratio.
    const QRect page = painter.viewport();
    const double scale = std::min(double(page.width()) / total.width(), double(page.height()) / total.height());
    painter.setViewport(QRect(page.topLeft(), QSize(int(total.width() * scale), int(total.height() * scale))));
    painter.setWindow(QRect(QPoint(0, 0), total));
    for (qsizetype i = 0; i < plots.size(); ++i) {
        painter.save();
        painter.translate(int(i % columns) * cell.width(), int(i / columns) * cell.height());
        plots.at(i)->toPainter(&painter, cell.width(), cell.height());
        painter.restore();
    }
    painter.end();
    if (QFile(path).size() <= 0) {
        setError(error, QStringLiteral("cannot write PDF %1").arg(path));
        return false;
    }
    return true;
}

namespace {
QString suggestedFileName(const QString &suffix)
{
    return QStringLiteral("metrics-%1.%2")
        .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
}
QString trExport(const char *text)
{
    return QCoreApplication::translate("ops::MetricsExporter", text);
}
} // namespace

QString MetricsExporter::askPlotsPath(QWidget *parent)
{
    const QString png = trExport("PNG images (*.png)");
    const QString pdf = trExport("PDF files (*.pdf)");
    QString chosen = png;
    QString path = QFileDialog::getSaveFileName(parent, trExport("Export plots"), suggestedFileName(QStringLiteral("png")),
                                                png + QStringLiteral(";;") + pdf, &chosen);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!path.isEmpty() && suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        path += chosen == pdf ? QStringLiteral(".pdf") : QStringLiteral(".png");
    return path;
}

QString MetricsExporter::askCsvPath(QWidget *parent)
{
    return QFileDialog::getSaveFileName(parent, trExport("Export metrics data"), suggestedFileName(QStringLiteral("csv")),
                                        trExport("CSV files (*.csv)"));
}

} // namespace ops
