// Precompiled for the I/O library (cmake/Precompile.cmake): Core plus the network and SQL headers.
#pragma once
#include "CorePch.h"

#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>
