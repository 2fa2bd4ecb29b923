#include "IncidentPlotRenderer.h"

#include "IncidentReportLayout.h"
#include "ReportText.h"
#include "core/Logging.h"
#include "monitor/MetricHistory.h"

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>
#include <functional>

namespace ops {

namespace {

struct Series
{
    QString label;
    QList<QPointF> points; ///< x: ms since the epoch, y: value; a NaN y breaks the line
};

struct Chart
{
    QString title;
    QString file;
    QString unit; ///< "bytes", "s", "" (ratio)
    std::function<double(const MetricSample &)> value; ///< negative: unknown
    QString missing;
};

QString axisValue(double v, const QString &unit)
{
    if (unit == QLatin1String("bytes")) {
        static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (std::abs(v) >= 1024 && i < 4) {
            v /= 1024;
            ++i;
        }
        return QStringLiteral("%1 %2").arg(v, 0, 'f', i == 0 ? 0 : 1).arg(QLatin1String(units[i]));
    }
    return QString::number(v, 'g', 3) + (unit.isEmpty() ? QString() : QStringLiteral(" ") + unit);
}

/** The top of the y axis: four grid steps of 1, 2, 2.5 or 5 x 10^k (of KiB/MiB/... for bytes) above @p max. */
double niceTop(double max, const QString &unit)
{
    if (max <= 0)
        return 1;
    double scale = 1;
    if (unit == QLatin1String("bytes"))
        while (max / scale >= 1024)
            scale *= 1024;
    const double raw = max * 1.05 / scale / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= raw)
            return 4 * m * magnitude * scale;
    return 40 * magnitude * scale;
}

QString nodeLabel(const QString &id)
{
    static const QRegularExpression clusterId(QStringLiteral("^[0-9a-f]{40}$"));
    return clusterId.match(id).hasMatch() ? id.left(8) : id.left(32);
}

QImage draw(const Chart &chart, const QList<Series> &series, qint64 fromMs, qint64 toMs, const IncidentPlotRenderer::Options &o)
{
    QImage image(o.size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF plot(80, 36, o.size.width() - 80 - 200, o.size.height() - 36 - 40);
    double maxY = 0;
    for (const Series &s : series)
        for (const QPointF &pt : s.points)
            if (!std::isnan(pt.y()))
                maxY = std::max(maxY, pt.y());
    maxY = niceTop(maxY, chart.unit);
    const double span = double(std::max<qint64>(1, toMs - fromMs));
    auto map = [&](const QPointF &pt) {
        return QPointF(plot.left() + (pt.x() - double(fromMs)) / span * plot.width(), plot.bottom() - pt.y() / maxY * plot.height());
    };

    QFont font = p.font();
    font.setPixelSize(12);
    p.setFont(font);
    p.setPen(Qt::black);
    p.drawText(QRectF(0, 6, o.size.width(), 24), Qt::AlignHCenter, chart.title);
    if (o.highlightFromMs > 0 && o.highlightToMs > o.highlightFromMs) {
        const double x1 = map(QPointF(double(std::max(o.highlightFromMs, fromMs)), 0)).x();
        const double x2 = map(QPointF(double(std::min(o.highlightToMs, toMs)), 0)).x();
        p.fillRect(QRectF(x1, plot.top(), x2 - x1, plot.height()), QColor(255, 230, 180));
    }
    p.setPen(QColor(220, 220, 220));
    for (int i = 0; i <= 4; ++i) {
        const double y = plot.bottom() - plot.height() * i / 4;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(Qt::darkGray);
        p.drawText(QRectF(0, y - 8, plot.left() - 6, 16), Qt::AlignRight | Qt::AlignVCenter, axisValue(maxY * i / 4, chart.unit));
        p.setPen(QColor(220, 220, 220));
    }
    p.setPen(Qt::darkGray);
    for (int i = 0; i <= 4; ++i) {
        const double x = plot.left() + plot.width() * i / 4;
        const qint64 t = fromMs + qint64(span * i / 4);
        p.drawText(QRectF(x - 70, plot.bottom() + 6, 140, 16), Qt::AlignHCenter, IncidentReportLayout::time(t).mid(11) + QStringLiteral(" UTC"));
    }
    p.drawRect(plot);

    static const QList<QColor> palette{QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(255, 127, 14),
                                       QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(23, 190, 207)};
    int index = 0;
    for (const Series &s : series) {
        const QColor colour = palette.at(index % palette.size());
        QPainterPath path;
        bool pen = false;
        for (const QPointF &pt : s.points) {
            if (std::isnan(pt.y())) {
                pen = false;
                continue;
            }
            pen ? path.lineTo(map(pt)) : path.moveTo(map(pt));
            pen = true;
        }
        p.setPen(QPen(colour, 2));
        p.drawPath(path);
        for (const QPointF &pt : s.points) // lone samples between gaps stay visible
            if (!std::isnan(pt.y()))
                p.drawPoint(map(pt));
        if (index < 16) {
            const double y = plot.top() + 4 + index * 18;
            p.fillRect(QRectF(plot.right() + 12, y + 4, 14, 8), colour);
            p.setPen(Qt::black);
            p.drawText(QRectF(plot.right() + 32, y, 170, 16), Qt::AlignLeft | Qt::AlignVCenter, s.label);
        }
        ++index;
    }
    if (series.size() > 16) {
        p.setPen(Qt::black);
        p.drawText(QRectF(plot.right() + 12, plot.top() + 4 + 16 * 18, 190, 16), Qt::AlignLeft,
                   QStringLiteral("and %1 more").arg(series.size() - 16));
    }
    return image;
}

} // namespace

void IncidentPlotRenderer::render(const MetricHistory &history, const QString &folder, IncidentReport &report, const Options &options,
                                  HistoryError *error)
{
    static const auto log = Logging::get("reports");
    HistoryError ignored;
    HistoryError &err = error ? *error : ignored;
    err = {};
    report.plots.clear();
    report.plotsNote.clear();

    const QList<Chart> charts{
        {QStringLiteral("Replication lag (bytes)"), QStringLiteral("plot-lag-bytes.png"), QStringLiteral("bytes"),
         [](const MetricSample &s) { return double(s.lagBytes); }, QStringLiteral("No replica reported a lag in bytes in the window.")},
        {QStringLiteral("Replication lag (seconds)"), QStringLiteral("plot-lag-seconds.png"), QStringLiteral("s"),
         [](const MetricSample &s) { return s.lagSeconds; }, QStringLiteral("No replica reported a lag in seconds in the window.")},
        {QStringLiteral("Used memory"), QStringLiteral("plot-memory.png"), QStringLiteral("bytes"),
         [](const MetricSample &s) { return double(s.usedMemory); }, QStringLiteral("No node reported its used memory in the window.")},
        {QStringLiteral("Memory fragmentation ratio"), QStringLiteral("plot-fragmentation.png"), QString(),
         [](const MetricSample &s) { return s.fragmentation; }, QStringLiteral("No node reported its fragmentation in the window.")},
    };
    QStringList nodes = history.nodes();
    nodes.sort();
    QHash<QString, std::vector<MetricSample>> samples;
    qsizetype total = 0;
    for (const QString &node : nodes) {
        std::vector<MetricSample> r = history.range(node, report.fromMs, report.toMs);
        total += qsizetype(r.size());
        if (!r.empty())
            samples.insert(node, std::move(r));
    }
    if (total == 0) {
        report.plotsNote = QStringLiteral("No lag or memory plots: the console has no metric sample of this deployment between %1 "
                                          "and %2 UTC (it was not watching it then, or the samples have aged out of memory).")
                               .arg(IncidentReportLayout::time(report.fromMs), IncidentReportLayout::time(report.toMs));
        return;
    }
    for (const Chart &chart : charts) {
        QList<Series> series;
        for (const QString &node : nodes) {
            Series s{nodeLabel(node), {}};
            bool any = false;
            qint64 previousMs = 0;
            for (const MetricSample &m : samples.value(node)) {
                const double v = chart.value(m);
                // A gap of more than a minute (the node was not polled) is not drawn across.
                if (previousMs > 0 && m.timestampMs - previousMs > 60'000)
                    s.points << QPointF(double(m.timestampMs), std::nan(""));
                previousMs = m.timestampMs;
                if (v < 0 || std::isnan(v)) {
                    s.points << QPointF(double(m.timestampMs), std::nan(""));
                    continue;
                }
                s.points << QPointF(double(m.timestampMs), v);
                any = true;
            }
            if (any)
                series << s;
        }
        if (series.isEmpty()) {
            report.plots << IncidentPlot{chart.title, {}, chart.missing};
            continue;
        }
        const QImage image = draw(chart, series, report.fromMs, report.toMs, options);
        const QString path = QDir(folder).filePath(chart.file);
        QSaveFile file(path);
        if (!QDir().mkpath(folder) || !file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
            err = HistoryError::make(HistoryError::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
            log->warn("{}", err.message.toStdString());
            return;
        }
        report.plots << IncidentPlot{chart.title, chart.file, {}};
    }
    log->info("incident report plots of {}: {} samples of {} nodes", report.deploymentId.toStdString(), total, samples.size());
}

} // namespace ops
