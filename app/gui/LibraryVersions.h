#pragma once

#include "AboutDialog.h"

namespace ops {

/**
 * @brief The libraries the console runs on, for Help ▸ About: Qt as loaded at run time (and the
 * version it was built with when they differ), and the versions of hiredis, spdlog, yaml-cpp,
 * QCustomPlot and QtKeychain it was built against (their headers, else CMake's package versions).
 */
class LibraryVersions
{
public:
    static AboutDialog::Versions list();
};

} // namespace ops
