#pragma once

#include "ConnectionOptions.h"

#include <QSslConfiguration>
#include <QString>

namespace ops {

/** @brief Builds a QSslConfiguration from TlsOptions; fails with a precise message on bad files. */
class TlsSetup
{
public:
    static bool build(const TlsOptions &options, QSslConfiguration &out, QString &error);
};

} // namespace ops
