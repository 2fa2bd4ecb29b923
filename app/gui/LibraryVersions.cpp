#include "LibraryVersions.h"

#include <qcustomplot.h>
#include <spdlog/version.h>

#include <QtGlobal>

namespace ops {

AboutDialog::Versions LibraryVersions::list()
{
    const QString qtRuntime = QString::fromLatin1(qVersion());
    const QString qtBuilt = QStringLiteral(QT_VERSION_STR);
    return {
        {QStringLiteral("Qt"), qtRuntime == qtBuilt ? qtRuntime : QStringLiteral("%1 (built with %2)").arg(qtRuntime, qtBuilt)},
        {QStringLiteral("hiredis"), QStringLiteral(OPS_HIREDIS_VERSION)},
        {QStringLiteral("spdlog"), QStringLiteral("%1.%2.%3").arg(SPDLOG_VER_MAJOR).arg(SPDLOG_VER_MINOR).arg(SPDLOG_VER_PATCH)},
        {QStringLiteral("yaml-cpp"), QStringLiteral(OPS_YAMLCPP_VERSION)},
        {QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR)},
        {QStringLiteral("QtKeychain"), QStringLiteral(OPS_QTKEYCHAIN_VERSION)},
    };
}

} // namespace ops
