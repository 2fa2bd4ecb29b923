#include "StoreLocation.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace ops {

namespace {

const QStringList kSslModes{QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
                            QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

QString quoted(const QString &value)
{
    // libpq conninfo: single quotes, with \ and ' escaped.
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

bool StoreLocation::looksLikeUrl(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

QString StoreLocation::qtDriver() const
{
    return isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
}

StoreLocation StoreLocation::parse(const QString &text, HistoryError *error)
{
    StoreLocation location;
    auto refuse = [&](const QString &why) {
        if (error)
            *error = HistoryError::make(
                HistoryError::Kind::BadLocation,
                QStringLiteral("store %1: %2 (expected a file path or "
                               "postgresql://user@host:port/database?sslmode=require)")
                    .arg(location.m_display, why));
        location.m_valid = false;
        return location;
    };
    if (error)
        *error = {};
    location.m_display = text;
    if (!looksLikeUrl(text)) {
        if (text.contains(QLatin1String("://")))
            return refuse(QStringLiteral("unknown scheme \"%1\"").arg(text.section(QLatin1String("://"), 0, 0)));
        if (text.trimmed().isEmpty())
            return refuse(QStringLiteral("no history database path given"));
        location.m_filePath = text;
        location.m_valid = true;
        return location;
    }

    location.m_driver = Driver::Postgres;
    const QUrl url(text, QUrl::StrictMode);
    location.m_display = url.isValid() ? url.toDisplayString(QUrl::RemovePassword | QUrl::RemoveQuery | QUrl::RemoveFragment)
                                       : QStringLiteral("postgresql://…");
    if (!url.isValid())
        return refuse(QStringLiteral("not a valid URL (%1)").arg(url.errorString().section(QLatin1String(";"), 0, 0)));
    // Present at all, even empty ("user:@host"): a password never belongs in the URL.
    if (text.section(QLatin1String("://"), 1).section(QLatin1Char('/'), 0, 0).section(QLatin1Char('@'), 0, -2)
            .contains(QLatin1Char(':')))
        return refuse(QStringLiteral("a password in the URL is not accepted; use the keychain, PGPASSWORD or ~/.pgpass"));
    location.m_host = url.host();
    if (location.m_host.isEmpty())
        return refuse(QStringLiteral("no host"));
    location.m_user = url.userName();
    location.m_port = url.port(5432);
    if (location.m_port <= 0 || location.m_port > 65535)
        return refuse(QStringLiteral("bad port"));
    QString path = url.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.isEmpty())
        return refuse(QStringLiteral("no database name"));
    if (path.contains(QLatin1Char('/')))
        return refuse(QStringLiteral("the database name \"%1\" contains '/'").arg(path));
    location.m_database = path;
    if (url.hasFragment())
        return refuse(QStringLiteral("unexpected #fragment"));

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("sslmode")) {
            if (!kSslModes.contains(value))
                return refuse(QStringLiteral("sslmode \"%1\" is not one of %2").arg(value, kSslModes.join(QStringLiteral(", "))));
            location.m_sslMode = value;
        } else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 3600)
                return refuse(QStringLiteral("connect_timeout \"%1\" is not a number of seconds (1-3600)").arg(value));
            location.m_connectTimeoutS = seconds;
        } else if (key == QLatin1String("sslrootcert")) {
            location.m_sslRootCert = value;
        } else if (key == QLatin1String("sslcert")) {
            location.m_sslCert = value;
        } else if (key == QLatin1String("sslkey")) {
            location.m_sslKey = value;
        } else if (key == QLatin1String("application_name")) {
            location.m_applicationName = value;
        } else if (key == QLatin1String("password")) {
            return refuse(QStringLiteral("a password in the URL is not accepted; use the keychain, PGPASSWORD or ~/.pgpass"));
        } else {
            return refuse(QStringLiteral("unknown parameter \"%1\"").arg(key));
        }
    }
    // Canonical, password-free form: what logs and messages show.
    location.m_display = QStringLiteral("postgresql://%1%2:%3/%4?sslmode=%5")
                             .arg(location.m_user.isEmpty() ? QString() : location.m_user + QLatin1Char('@'),
                                  url.host(QUrl::FullyEncoded).contains(QLatin1Char(':'))
                                      ? QLatin1Char('[') + location.m_host + QLatin1Char(']')
                                      : location.m_host)
                             .arg(location.m_port)
                             .arg(location.m_database, location.m_sslMode);
    location.m_valid = true;
    return location;
}

QString StoreLocation::connectOptions() const
{
    if (!isPostgres())
        return {};
    QStringList options{QStringLiteral("sslmode=") + m_sslMode,
                        QStringLiteral("connect_timeout=%1").arg(m_connectTimeoutS),
                        QStringLiteral("application_name=") + quoted(m_applicationName),
                        // NOTICEs ("relation … already exists, skipping") would go to stderr.
                        QStringLiteral("options='-c client_min_messages=warning'")};
    if (!m_sslRootCert.isEmpty())
        options << QStringLiteral("sslrootcert=") + quoted(m_sslRootCert);
    if (!m_sslCert.isEmpty())
        options << QStringLiteral("sslcert=") + quoted(m_sslCert);
    if (!m_sslKey.isEmpty())
        options << QStringLiteral("sslkey=") + quoted(m_sslKey);
    return options.join(QLatin1Char(';'));
}

} // namespace ops
