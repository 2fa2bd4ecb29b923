#include "PasswordPrompt.h"

#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace ops {

bool PasswordPrompt::ask(const QString &prompt, QByteArray &secret)
{
    std::string line;
    if (!isatty(STDIN_FILENO)) {
        // Scripts may pipe the password in: `echo "$PW" | redis-ops ping --askpass`.
        int c = 0;
        while ((c = std::fgetc(stdin)) != EOF && c != '\n')
            line.push_back(char(c));
        if (line.empty() && c == EOF)
            return false;
        secret = QByteArray::fromStdString(line);
        return true;
    }
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios silent = old;
    silent.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    int c = 0;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        line.push_back(char(c));
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputs("\n", stderr);
    secret = QByteArray::fromStdString(line);
    return true;
}

} // namespace ops
