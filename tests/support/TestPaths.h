#pragma once

#include <QString>

/** Where tests write artefacts (screenshots, logs): $OPSCONSOLE_TEST_OUTPUT or a temp dir. */
QString testOutputDir();
