// CSV files: an RFC 4180 reader that works a slice at a time (so the app can read a 10 MB file
// over many frames and show progress), field quoting, and the deal export.
// Reading is lenient where spreadsheets are (a stray quote inside an unquoted field is kept as
// text) and strict where data would silently go wrong (a quote never closed is a bad record).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include "model.h"

namespace kariz {

// One record of the file. `line` is the physical line (1-based) where it starts: a quoted field
// with newlines makes a record span several lines, so record number and line number differ.
struct CsvRecord {
    std::vector<std::string> fields;
    int line = 0;
    std::string error;  // non-empty: the record could not be read (the fields are unreliable)
};

// ',' ';' or '\t': whichever occurs most often outside quotes in the first line (',' on a tie).
char csv_detect_delimiter(const std::string& text, size_t start = 0);

class CsvReader {
public:
    // Takes the file's bytes. A UTF-8 byte order mark is skipped; the delimiter is detected
    // from the first line unless one is given.
    void open(std::string bytes, char delimiter = 0);
    bool next(CsvRecord& rec);  // false at the end of the file; empty lines are skipped
    // Reads up to `max_records` records or until `max_bytes` more bytes were consumed.
    size_t step(std::vector<CsvRecord>& out, size_t max_records, size_t max_bytes);
    // Goes back to a position taken with tell() (e.g. the first record after the header).
    size_t tell() const { return pos_; }
    int tell_line() const { return line_; }
    void seek(size_t pos, int line) { pos_ = pos; line_ = line; }

    char delimiter() const { return delim_; }
    bool had_bom() const { return bom_; }
    bool at_end() const { return pos_ >= data_.size(); }
    size_t bytes_done() const { return pos_; }
    size_t bytes_total() const { return data_.size(); }
    float fraction() const { return data_.empty() ? 1.0f : (float)((double)pos_ / (double)data_.size()); }

private:
    std::string data_;
    size_t pos_ = 0;
    int line_ = 1;
    char delim_ = ',';
    bool bom_ = false;
};

// RFC 4180 quoting: a field with the delimiter, a quote, CR or LF is quoted and its quotes doubled.
std::string csv_quote(const std::string& field, char delimiter = ',');
void csv_append_row(std::string& out, const std::vector<std::string>& fields, char delimiter = ',');

// Deals as CSV with a header row (the header names are ones the importer recognises, so an
// exported file imports back into the same deals). Money as decimal text in the deal's currency
// next to a Currency column; dates ISO 8601; UTF-8 with a byte order mark; CRLF line ends.
// `positions` index ws.deals, in the order to write.
std::string deals_to_csv(const Workspace& ws, const std::vector<uint32_t>& positions);

// Minor units as plain decimal text in the currency's units: 123450 EUR -> "1234.50", no grouping.
std::string decimal_text(int64_t minor, const std::string& currency);

}  // namespace kariz
