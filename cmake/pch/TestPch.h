// Precompiled for the tests (cmake/Precompile.cmake). QtTest's own header reads QT_WIDGETS_LIB,
// QT_GUI_LIB, QT_NETWORK_LIB and QT_TESTCASE_BUILDDIR, so one precompiled copy serves only the
// tests of one directory that link the same Qt modules: ops_add_test picks the donor accordingly.
#pragma once
#include "BackendPch.h"

#include <QtTest/QtTest>
