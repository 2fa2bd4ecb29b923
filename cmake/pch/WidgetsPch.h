// Precompiled for the view library and the console (cmake/Precompile.cmake).
#pragma once
#include "CorePch.h"

#include <QtWidgets/QtWidgets>
