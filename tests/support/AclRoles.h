#pragma once

#include "lab/LocalLab.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/**
 * The least-privilege roles of docs/security.md, read from the document itself so that the tests
 * cannot drift from it: the ACL SETUSER lines of the fenced block after `<!-- acl ROLE PLACE -->`
 * (ROLE monitor|operator, PLACE data|sentinel), with `>CHANGE-ME` replaced by a password.
 */
class AclRoles
{
public:
    /** Reads docs/security.md from the source tree; isValid() is false when it cannot. */
    AclRoles(QByteArray password);
    bool isValid() const { return !m_doc.isEmpty(); }

    /** The lines of @p role for @p place as argv, the password substituted; empty when missing. */
    QList<QList<QByteArray>> lines(const QString &role, const QString &place) const;
    /** Runs both roles' lines on every node of @p lab (data or sentinel lines), then ACL LOG RESET. */
    bool apply(ops::LocalLab &lab, QString &why) const;
    /** Every node's ACL LOG entries ("address: reason object by user"); empty when none was denied. */
    static QStringList denials(ops::LocalLab &lab);

private:
    QString m_doc;
    QByteArray m_password;
};
