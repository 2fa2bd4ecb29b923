#pragma once

#include <QByteArray>
#include <QString>

namespace ops {

/** @brief Reads a secret from the controlling terminal with echo off (never from argv). */
class PasswordPrompt
{
public:
    /** False when there is no terminal. Falls back to one line of stdin when stdin is a pipe. */
    static bool ask(const QString &prompt, QByteArray &secret);
};

} // namespace ops
