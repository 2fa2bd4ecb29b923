#pragma once

#include <QString>

#include <utility>

namespace ops {

/**
 * @brief Why a HistoryStore operation failed. Kind says what the operator can do about it:
 * Open (path, permissions, disk), NotADatabase (the file is not SQLite or is corrupt: move it
 * aside), NewerSchema (written by a newer Redis Ops Console: upgrade, the file is left untouched),
 * Query (a statement failed), Io (a write or fsync failed: disk full, I/O error; for a shared
 * store also the server going away), BadLocation (`--store` is not a path or a valid
 * postgresql:// URL), LeaseHeld (another console holds the deployment's operation lease: the
 * message names who and what), LeaseLost (our lease expired and was taken, or was released).
 */
struct HistoryError
{
    enum class Kind { None, Open, NotADatabase, NewerSchema, Query, Io, BadLocation, LeaseHeld, LeaseLost };

    Kind kind = Kind::None;
    QString message;   ///< one line naming the store (file or URL, never a password) and the cause; empty for Kind::None

    bool isError() const { return kind != Kind::None; }

    static HistoryError make(Kind kind, QString message) { return HistoryError{kind, std::move(message)}; }

    /** Stable lower-case name of @p kind ("not-a-database", ...), for logs and JSON. */
    static QString kindName(Kind kind)
    {
        switch (kind) {
        case Kind::None: return QStringLiteral("none");
        case Kind::Open: return QStringLiteral("open");
        case Kind::NotADatabase: return QStringLiteral("not-a-database");
        case Kind::NewerSchema: return QStringLiteral("newer-schema");
        case Kind::Query: return QStringLiteral("query");
        case Kind::Io: return QStringLiteral("io");
        case Kind::BadLocation: return QStringLiteral("bad-location");
        case Kind::LeaseHeld: return QStringLiteral("lease-held");
        case Kind::LeaseLost: return QStringLiteral("lease-lost");
        }
        return QStringLiteral("unknown");
    }
};

} // namespace ops
