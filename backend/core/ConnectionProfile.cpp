#include "ConnectionProfile.h"

#include <QSettings>

#include <algorithm>

namespace ops {

namespace {
const QString kGroup = QStringLiteral("profiles");

QString key(const QString &name) // '/' would nest groups
{
    return QString(name).replace(QLatin1Char('/'), QLatin1Char('_'));
}
} // namespace

QStringList ConnectionProfile::names(QSettings &settings)
{
    settings.beginGroup(kGroup);
    QStringList out;
    for (const QString &g : settings.childGroups())
        out << settings.value(g + QStringLiteral("/name"), g).toString();
    settings.endGroup();
    std::sort(out.begin(), out.end(), [](const QString &a, const QString &b) { return a.localeAwareCompare(b) < 0; });
    return out;
}

ConnectionProfile ConnectionProfile::load(QSettings &settings, const QString &name)
{
    ConnectionProfile p;
    settings.beginGroup(kGroup + QLatin1Char('/') + key(name));
    p.name = settings.value(QStringLiteral("name"), name).toString();
    p.options.endpoint = Endpoint{settings.value(QStringLiteral("host"), QStringLiteral("127.0.0.1")).toString(),
                                  quint16(settings.value(QStringLiteral("port"), 6379).toUInt())};
    p.options.user = settings.value(QStringLiteral("user")).toString();
    p.options.tls.enabled = settings.value(QStringLiteral("tls")).toBool();
    p.options.tls.caFile = settings.value(QStringLiteral("caFile")).toString();
    p.options.tls.certFile = settings.value(QStringLiteral("certFile")).toString();
    p.options.tls.keyFile = settings.value(QStringLiteral("keyFile")).toString();
    p.options.tls.serverName = settings.value(QStringLiteral("serverName")).toString();
    p.options.tls.insecure = settings.value(QStringLiteral("insecure")).toBool();
    for (const QString &s : settings.value(QStringLiteral("sentinels")).toStringList()) {
        bool ok = false;
        const Endpoint ep = Endpoint::parse(s, 26379, &ok);
        if (ok)
            p.sentinels << ep;
    }
    p.masterName = settings.value(QStringLiteral("masterName")).toString().toUtf8();
    p.readOnly = settings.value(QStringLiteral("readOnly"), false).toBool();
    p.askPassword = settings.value(QStringLiteral("askAuth"), false).toBool();
    p.passwordInKeychain = settings.value(QStringLiteral("keychain"), false).toBool();
    settings.endGroup();
    return p;
}

void ConnectionProfile::save(QSettings &settings) const
{
    settings.beginGroup(kGroup + QLatin1Char('/') + key(name));
    settings.remove(QString()); // drop keys of an older version of this profile
    settings.setValue(QStringLiteral("name"), name);
    settings.setValue(QStringLiteral("host"), options.endpoint.host);
    settings.setValue(QStringLiteral("port"), options.endpoint.port);
    settings.setValue(QStringLiteral("user"), options.user);
    settings.setValue(QStringLiteral("tls"), options.tls.enabled);
    settings.setValue(QStringLiteral("caFile"), options.tls.caFile);
    settings.setValue(QStringLiteral("certFile"), options.tls.certFile);
    settings.setValue(QStringLiteral("keyFile"), options.tls.keyFile);
    settings.setValue(QStringLiteral("serverName"), options.tls.serverName);
    settings.setValue(QStringLiteral("insecure"), options.tls.insecure);
    QStringList s;
    for (const Endpoint &ep : sentinels)
        s << ep.toString();
    settings.setValue(QStringLiteral("sentinels"), s);
    settings.setValue(QStringLiteral("masterName"), QString::fromUtf8(masterName));
    settings.setValue(QStringLiteral("readOnly"), readOnly);
    settings.setValue(QStringLiteral("askAuth"), askPassword); // whether, never what
    settings.setValue(QStringLiteral("keychain"), passwordInKeychain); // whether, never what
    settings.endGroup();
}

void ConnectionProfile::remove(QSettings &settings, const QString &name)
{
    settings.remove(kGroup + QLatin1Char('/') + key(name));
}

} // namespace ops
