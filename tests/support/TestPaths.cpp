#include "TestPaths.h"

#include <QDir>

QString testOutputDir()
{
    QString dir = qEnvironmentVariable("OPSCONSOLE_TEST_OUTPUT");
    if (dir.isEmpty())
        dir = QDir::tempPath() + QStringLiteral("/opsconsole-test-output");
    QDir().mkpath(dir);
    return dir;
}
