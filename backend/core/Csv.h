#pragma once

#include <QString>

namespace ops {

/** @brief Cells of the CSV files the console and redis-ops write (history, metrics). */
struct Csv
{
    /** RFC 4180: the text as is, or quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
    static QString field(const QString &text);
    /** field(), always quoted. */
    static QString quoted(const QString &text);
    /**
     * For a file a person opens in a spreadsheet (the console's exports): text starting with
     * `=`, `+`, `-`, `@`, a tab or CR, which Excel, LibreOffice and Sheets would run as a
     * formula ("CSV injection": a sentinel message, a key or a hostname is server data), gets
     * a leading apostrophe, which spreadsheets read as "this is text" and do not show.
     * redis-ops' `--csv` is for scripts and keeps the text exact.
     */
    static QString spreadsheetText(const QString &text);
};

} // namespace ops
