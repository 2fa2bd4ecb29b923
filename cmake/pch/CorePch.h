// Precompiled for the model library and every target above it (cmake/Precompile.cmake): the Qt Core
// and standard headers most of our files include. Only third-party headers belong here, never ours,
// so a file that forgets an include of ours still fails to build.
#pragma once
#include <QtCore/QtCore>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>
