// Precompiled for the tests that link the views (cmake/Precompile.cmake).
#pragma once
#include "TestPch.h"

#include <QtWidgets/QtWidgets>
