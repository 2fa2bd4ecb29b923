#pragma once

#include "CliCommand.h"

namespace ops {

class LocalLab;

/**
 * @brief `redis-ops lab up cluster|sentinel|standalone`: starts a local lab of real servers,
 * prints its endpoints (text or --json), stays up until Ctrl-C (or --duration), then stops
 * every process it started.
 */
class LabUpCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;

private:
    void shutdown(int code);

    LocalLab *m_lab = nullptr;
    bool m_json = false;
};

} // namespace ops
