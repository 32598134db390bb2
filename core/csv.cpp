// The RFC 4180 reader and writer of core/csv.h, and the deal export.
#include "csv.h"
#include <cstring>
#include "dates.h"
#include "money.h"
#include "reduce.h"

namespace kariz {

char csv_detect_delimiter(const std::string& text, size_t start) {
    size_t commas = 0, semis = 0, tabs = 0;
    bool quoted = false;
    for (size_t i = start; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') quoted = !quoted;  // a doubled quote toggles twice: still right
        else if (quoted) continue;
        else if (c == '\n' || c == '\r') break;
        else if (c == ',') ++commas;
        else if (c == ';') ++semis;
        else if (c == '\t') ++tabs;
    }
    if (tabs > commas && tabs > semis) return '\t';
    if (semis > commas) return ';';
    return ',';
}

void CsvReader::open(std::string bytes, char delimiter) {
    data_ = std::move(bytes);
    pos_ = 0;
    line_ = 1;
    bom_ = data_.size() >= 3 && (unsigned char)data_[0] == 0xEF && (unsigned char)data_[1] == 0xBB && (unsigned char)data_[2] == 0xBF;
    if (bom_) pos_ = 3;
    // Excel understands a first line "sep=;" naming the delimiter; files saved for Excel carry it.
    if (data_.compare(pos_, 4, "sep=") == 0 && pos_ + 4 < data_.size()) {
        size_t eol = pos_ + 5;
        if (eol == data_.size() || data_[eol] == '\n' || data_[eol] == '\r') {
            if (!delimiter) delimiter = data_[pos_ + 4];
            pos_ = eol;
            if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
            if (pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
            line_ = 2;
        }
    }
    delim_ = delimiter ? delimiter : csv_detect_delimiter(data_, pos_);
}

bool CsvReader::next(CsvRecord& rec) {
    const size_t n = data_.size();
    const char* d = data_.data();
    // Empty lines are not records (RFC 4180 has none; spreadsheets leave them at the end).
    while (pos_ < n && (d[pos_] == '\n' || d[pos_] == '\r')) {
        if (d[pos_] == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }
    rec.fields.clear();
    rec.error.clear();
    rec.line = line_;
    if (pos_ >= n) return false;
    const size_t record_start = pos_;
    std::string field;
    for (;;) {
        if (pos_ >= n) {
            rec.fields.push_back(std::move(field));
            return true;
        }
        char c = d[pos_];
        if (c == '"' && field.empty()) {
            // A quoted field: delimiters and newlines inside are text, "" is one quote.
            ++pos_;
            bool closed = false;
            while (pos_ < n) {
                const char* q = (const char*)std::memchr(d + pos_, '"', n - pos_);
                size_t end = q ? (size_t)(q - d) : n;
                for (size_t i = pos_; i < end; ++i) {
                    if (d[i] == '\r' && i + 1 < end && d[i + 1] == '\n') continue;  // CRLF in a cell becomes LF
                    if (d[i] == '\n' || d[i] == '\r') ++line_;
                    field += d[i] == '\r' ? '\n' : d[i];
                }
                pos_ = end;
                if (!q) break;
                if (pos_ + 1 < n && d[pos_ + 1] == '"') {
                    field += '"';
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                closed = true;
                break;
            }
            if (!closed) {
                // Never closed: report the record's line and carry on from the next physical line,
                // so one stray quote does not swallow the rest of the file.
                rec.error = "a quoted field that starts here is never closed";
                const char* nl = (const char*)std::memchr(d + record_start, '\n', n - record_start);
                pos_ = nl ? (size_t)(nl - d) + 1 : n;
                line_ = rec.line + 1;
                rec.fields.clear();
                return true;
            }
            // Text after the closing quote ("abc"def) is kept, as spreadsheets do.
            continue;
        }
        if (c == delim_) {
            rec.fields.push_back(std::move(field));
            field.clear();
            ++pos_;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n') ++pos_;
            ++pos_;
            ++line_;
            rec.fields.push_back(std::move(field));
            return true;
        }
        // A run of ordinary characters in one append.
        size_t run = pos_ + 1;
        while (run < n && d[run] != delim_ && d[run] != '\n' && d[run] != '\r' && d[run] != '"') ++run;
        if (run == pos_ + 1 && c == '"') {
            field += '"';  // a quote inside an unquoted field is kept as text
            ++pos_;
            continue;
        }
        field.append(d + pos_, run - pos_);
        pos_ = run;
    }
}

size_t CsvReader::step(std::vector<CsvRecord>& out, size_t max_records, size_t max_bytes) {
    size_t start = pos_, count = 0;
    CsvRecord rec;
    while (count < max_records && pos_ - start < max_bytes && next(rec)) {
        out.push_back(std::move(rec));
        rec = CsvRecord{};
        ++count;
    }
    return count;
}

std::string csv_quote(const std::string& field, char delimiter) {
    bool needs = false;
    for (char c : field)
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') { needs = true; break; }
    // A leading space or a value that looks like a formula is quoted too: harmless, and it keeps
    // spreadsheets from trimming or evaluating it.
    if (!field.empty() && (field[0] == ' ' || field.back() == ' ')) needs = true;
    if (!needs) return field;
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void csv_append_row(std::string& out, const std::vector<std::string>& fields, char delimiter) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += delimiter;
        out += csv_quote(fields[i], delimiter);
    }
    out += "\r\n";  // RFC 4180 line end
}

std::string decimal_text(int64_t minor, const std::string& currency) {
    int exp = currency_exponent(currency);
    bool neg = minor < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t scale = 1;
    for (int i = 0; i < exp; ++i) scale *= 10;
    std::string s = (neg ? "-" : "") + std::to_string(mag / scale);
    if (exp > 0) {
        std::string frac = std::to_string(mag % scale);
        s += "." + std::string((size_t)exp - frac.size(), '0') + frac;
    }
    return s;
}

std::string deals_to_csv(const Workspace& ws, const std::vector<uint32_t>& positions) {
    // The byte order mark makes Excel read the file as UTF-8; without it Excel assumes the
    // system code page and shows Arabic and Persian text as mojibake.
    std::string out = "\xEF\xBB\xBF";
    csv_append_row(out, {"Title", "Value", "Currency", "Pipeline", "Stage", "Status", "Owner", "Organization", "Contact person",
                         "Email", "Phone", "Expected close date", "Created", "Lost reason", "Labels", "Notes"});
    std::vector<std::string> row;
    for (uint32_t pos : positions) {
        if (pos >= ws.deals.size()) continue;
        const Deal& d = ws.deals[pos];
        const Pipeline* p = ws.find_pipeline(d.pipeline_id);
        const Stage* st = p ? find_stage(*p, d.stage_id) : nullptr;
        const User* owner = ws.find_user(d.owner_id);
        std::string labels;
        for (const std::string& l : d.labels) labels += (labels.empty() ? "" : ", ") + l;
        std::string reason = d.status == DealStatus::Lost ? d.lost_reason : "";
        if (d.status == DealStatus::Disqualified)  // "No budget: note"; the importer reads it back
            reason = std::string(dq_reason_label(d.dq_reason)) + (d.dq_note.empty() ? "" : ": " + d.dq_note);
        row = {d.title, decimal_text(d.value, d.currency), d.currency, p ? p->name : "", st ? st->name : "", to_string(d.status),
               owner ? owner->name : "", d.organization, d.contact.name, d.contact.email, d.contact.phone, d.expected_close,
               d.created_at ? format_iso_time(d.created_at) : "", reason, labels, d.notes};
        csv_append_row(out, row);
    }
    return out;
}

}  // namespace kariz
