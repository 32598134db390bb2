// CSV import: header, preview, and rows read a slice at a time into deals (core/csv_import.h).
#include "csv_import.h"
#include <algorithm>
#include "dates.h"
#include "money.h"
#include "reduce.h"

namespace kariz {

bool csv_valid_utf8(const std::string& s) {
    size_t i = 0, n = s.size();
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { ++i; continue; }
        int len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + (size_t)len > n) return false;
        for (int k = 1; k < len; ++k)
            if (((unsigned char)s[i + (size_t)k] & 0xC0) != 0x80) return false;
        i += (size_t)len;
    }
    return true;
}

namespace {

std::string quoted(const std::string& s) {
    std::string t = s.size() > 40 ? s.substr(0, 40) + "…" : s;
    if (!csv_valid_utf8(t)) t = s.substr(0, 40);  // cut inside a character: still shown
    return "\"" + t + "\"";
}

const char* kFieldSlugs[] = {"ignore",       "title",         "value",   "currency",    "pipeline", "stage",
                             "owner",        "organization",  "contact", "email",       "phone",    "expected_close",
                             "created",      "status",        "lost_reason", "labels",  "notes"};
static_assert(sizeof(kFieldSlugs) / sizeof(kFieldSlugs[0]) == kCsvFieldCount, "one slug per field");

// The CSV reader (core/csv.cpp) says what is wrong with a record in English; its one message has
// a key. Anything else it may say one day is shown as it is.
const char* kUnclosedQuote = "a quoted field that starts here is never closed";
Text reader_error(const CsvRecord& rec) {
    return rec.error == kUnclosedQuote ? Text("import.skip_unclosed_quote") : Text("import.as_is", {rec.error});
}

std::vector<std::string> split_labels(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != ',' && text[i] != ';') continue;
        std::string l = csv_trim(text.substr(start, i - start));
        if (!l.empty() && std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
        start = i + 1;
    }
    return out;
}

}  // namespace

const char* csv_field_key(CsvField f) {
    static std::string keys[kCsvFieldCount];
    int i = (int)f < 0 || (int)f >= kCsvFieldCount ? 0 : (int)f;
    if (keys[i].empty()) keys[i] = std::string("import.field_") + kFieldSlugs[i];
    return keys[i].c_str();
}

CsvDealMapper::CsvDealMapper(const Workspace& ws, const std::vector<CsvField>& mapping, size_t header_columns,
                             const CsvImportOptions& opt, Time now)
    : mapping_(mapping), columns_(header_columns), opt_(opt), now_(now) {
    for (const Pipeline& p : ws.pipelines) {
        PipelineKeys k;
        k.id = p.id;
        for (const Stage& s : p.stages) {
            k.stage_ids.push_back(s.id);
            k.stages.emplace(csv_match_key(s.name), s.id);
        }
        if (p.id == opt.pipeline_id) target_ = pipelines_.size();
        pipeline_by_key_.emplace(csv_match_key(p.name), pipelines_.size());
        pipelines_.push_back(std::move(k));
    }
    for (const User& u : ws.users) {
        users_.emplace(csv_match_key(u.name), u.id);
        if (!u.initials.empty()) users_.emplace(csv_match_key(u.initials), u.id);
    }
}

const CsvDealMapper::PipelineKeys* CsvDealMapper::pipeline_for(const std::string& name) const {
    if (pipelines_.empty()) return nullptr;
    auto it = name.empty() ? pipeline_by_key_.end() : pipeline_by_key_.find(csv_match_key(name));
    return &pipelines_[it != pipeline_by_key_.end() ? it->second : target_];
}

bool CsvDealMapper::map(const CsvRecord& rec, Deal& d, Text& reason) const {
    if (!rec.error.empty()) { reason = reader_error(rec); return false; }
    if (rec.fields.size() > columns_) {
        // A trailing delimiter gives empty extra fields: harmless. Anything else shifted columns.
        for (size_t i = columns_; i < rec.fields.size(); ++i)
            if (!csv_trim(rec.fields[i]).empty()) {
                reason = Text("import.skip_extra_fields", {rec.fields.size(), columns_});
                return false;
            }
    } else if (rec.fields.size() < columns_) {
        reason = Text("import.skip_missing_fields", {rec.fields.size(), columns_});
        return false;
    }
    std::string v[kCsvFieldCount];
    for (size_t i = 0; i < mapping_.size() && i < rec.fields.size(); ++i) {
        CsvField f = mapping_[i];
        if (f == CsvField::Ignore) continue;
        if (!csv_valid_utf8(rec.fields[i])) {
            reason = Text(std::string("import.skip_not_utf8_") + kFieldSlugs[(int)f]);
            return false;
        }
        v[(int)f] = f == CsvField::Notes ? rec.fields[i] : csv_trim(rec.fields[i]);
    }
    auto get = [&](CsvField f) -> const std::string& { return v[(int)f]; };

    d = Deal{};
    d.title = get(CsvField::Title);
    if (d.title.empty()) { reason = Text("import.skip_no_title"); return false; }

    std::string currency = get(CsvField::Currency);
    for (char& c : currency)
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    if (!currency.empty() && !is_currency_code(currency)) {
        reason = Text("import.skip_currency", {quoted(currency)});
        return false;
    }
    const std::string& value_text = get(CsvField::Value);
    std::string number = "0", in_text;
    if (!value_text.empty() && !csv_split_amount(value_text, number, in_text)) {
        reason = Text("import.skip_two_currencies", {quoted(value_text)});
        return false;
    }
    d.currency = !currency.empty() ? currency : !in_text.empty() ? in_text : opt_.default_currency;
    Text err;
    if (!csv_parse_number(number, currency_exponent(d.currency), d.value, err)) {
        err.args = {quoted(value_text)};  // the value as the file writes it, not as normalised
        reason = err;
        return false;
    }

    const PipelineKeys* p = pipeline_for(get(CsvField::Pipeline));
    if (!p || p->stage_ids.empty()) { reason = Text("import.skip_no_pipeline"); return false; }
    d.pipeline_id = p->id;
    d.stage_id = p->stage_ids.front();  // Unsorted, unless the stage is known
    const std::string& stage = get(CsvField::Stage);
    DealStatus from_stage = DealStatus::Open;
    bool stage_is_status = false;
    if (!stage.empty()) {
        auto it = p->stages.find(csv_match_key(stage));
        if (it != p->stages.end()) d.stage_id = it->second;
        // HubSpot, Salesforce and Zoho keep the outcome in the stage: "Closed Won", "closedlost".
        else stage_is_status = csv_parse_status(stage, from_stage) && from_stage != DealStatus::Open;
    }
    const std::string& status = get(CsvField::Status);
    if (!status.empty()) {
        if (!csv_parse_status(status, d.status)) {
            reason = Text("import.skip_status", {quoted(status)});
            return false;
        }
    } else if (stage_is_status) {
        d.status = from_stage;
    }

    const std::string& owner = get(CsvField::Owner);
    d.owner_id = opt_.fallback_owner_id;
    if (!owner.empty()) {
        auto it = users_.find(csv_match_key(owner));
        size_t at = owner.find('@');
        if (it == users_.end() && at != std::string::npos) it = users_.find(csv_match_key(owner.substr(0, at)));  // ana.silva@acme
        if (it != users_.end()) d.owner_id = it->second;
    }
    d.organization = get(CsvField::Organization);
    d.contact = Contact{get(CsvField::Contact), get(CsvField::Email), get(CsvField::Phone)};
    d.labels = split_labels(get(CsvField::Labels));
    d.notes = get(CsvField::Notes);

    Time t;
    const std::string& close = get(CsvField::ExpectedClose);
    if (!close.empty()) {
        if (!csv_parse_date(close, opt_.date_order, t)) {
            reason = Text("import.skip_close_date", {quoted(close)});
            return false;
        }
        d.expected_close = format_date(t);
    }
    const std::string& created = get(CsvField::Created);
    d.created_at = now_;
    if (!created.empty()) {
        if (!csv_parse_date(created, opt_.date_order, t)) {
            reason = Text("import.skip_created_date", {quoted(created)});
            return false;
        }
        if (t > now_ + 86400) {
            reason = Text("import.skip_created_future", {quoted(created)});
            return false;
        }
        d.created_at = t;
    }

    const std::string& why = get(CsvField::LostReason);
    if (d.status == DealStatus::Lost) d.lost_reason = why.empty() ? "Not given in the imported file" : why;
    if (d.status == DealStatus::Disqualified) {
        // Kariz writes "No budget: note"; other files have free text.
        d.dq_reason = "other";
        d.dq_note = why;
        for (int i = 0; i < kDqReasonCount; ++i) {
            std::string label = dq_reason_label(kDqReasons[i]);
            if (why.compare(0, label.size(), label) == 0 && (why.size() == label.size() || why.compare(label.size(), 2, ": ") == 0)) {
                d.dq_reason = kDqReasons[i];
                d.dq_note = why.size() > label.size() ? why.substr(label.size() + 2) : "";
                break;
            }
        }
        if (d.dq_reason == "other" && d.dq_note.empty()) d.dq_note = "Disqualified in the imported file";
    }
    if (d.status != DealStatus::Open) {
        // Closed on the expected close date when there is one (Salesforce's "Close Date" of a
        // closed opportunity is the day it closed), else today.
        Time closed = now_;
        if (!d.expected_close.empty()) {
            int y = std::stoi(d.expected_close.substr(0, 4)), m = std::stoi(d.expected_close.substr(5, 2)),
                dd = std::stoi(d.expected_close.substr(8, 2));
            closed = days_from_civil(y, (unsigned)m, (unsigned)dd) * 86400;
        }
        d.closed_at = std::max(closed, d.created_at);
    }
    d.updated_at = now_;
    d.stage_entered_at = d.created_at;
    d.history.push_back(StageVisit{d.stage_id, d.created_at, 0, "", false, {}});

    DealFields f{d.title, d.organization, d.contact, d.value, d.currency, d.owner_id, d.source, d.labels, d.expected_close, d.notes};
    if (!validate_fields(f, reason)) return false;  // the editor's own refusal (assets/i18n/*/errors.json)
    if (d.lost_reason.size() > kMaxShortText) { reason = Text("import.skip_lost_reason_long"); return false; }
    if (d.dq_note.size() > kMaxNotes) { reason = Text("import.skip_dq_note_long"); return false; }
    return true;
}

bool CsvImport::open(std::string bytes, Text& error) {
    reader_.open(std::move(bytes));
    CsvRecord rec;
    if (!reader_.next(rec)) { error = Text("import.open_empty"); return false; }
    if (!rec.error.empty()) {
        error = rec.error == kUnclosedQuote ? Text("import.open_unclosed_quote", {rec.line}) : Text("import.open_line_as_is", {rec.line, rec.error});
        return false;
    }
    if (!csv_valid_utf8(rec.fields.empty() ? "" : rec.fields[0]) || rec.fields.size() > 500) {
        error = Text("import.open_not_csv");
        return false;
    }
    header.clear();
    for (const std::string& h : rec.fields) header.push_back(csv_trim(h));
    mapping = csv_recognise_headers(header);
    body_pos_ = reader_.tell();
    body_line_ = reader_.tell_line();
    preview.clear();
    reader_.step(preview, kCsvPreviewRecords, (size_t)-1);
    reader_.seek(body_pos_, body_line_);
    started_ = false;
    return true;
}

DateOrder CsvImport::guess_date_order() const {
    for (const CsvRecord& r : preview)
        for (size_t i = 0; i < mapping.size() && i < r.fields.size(); ++i)
            if (mapping[i] == CsvField::Created || mapping[i] == CsvField::ExpectedClose) {
                int hint = csv_date_order_hint(r.fields[i]);
                if (hint == 2) return DateOrder::MonthFirst;
                if (hint == 1) return DateOrder::DayFirst;
            }
    return DateOrder::DayFirst;
}

void CsvImport::start(const Workspace& ws, const CsvImportOptions& opt, Time now) {
    mapper_ = std::make_unique<CsvDealMapper>(ws, mapping, header.size(), opt, now);
    reader_.seek(body_pos_, body_line_);
    accepted.clear();
    skipped.clear();
    rows_read = 0;
    started_ = true;
}

bool CsvImport::step(size_t max_records, size_t max_bytes) {
    if (!started_) return false;
    std::vector<CsvRecord> recs;
    reader_.step(recs, max_records, max_bytes);
    Deal d;
    Text reason;
    for (const CsvRecord& r : recs) {
        bool blank = r.error.empty();
        for (const std::string& f : r.fields) blank = blank && csv_trim(f).empty();
        if (blank) continue;  // ",,,," lines spreadsheets leave behind are not rows
        ++rows_read;
        if (mapper_->map(r, d, reason)) accepted.push_back(std::move(d));
        else skipped.push_back(CsvSkippedRow{r.line, reason});
    }
    return reader_.at_end();
}

float CsvImport::fraction() const {
    if (!started_) return 0;
    size_t total = reader_.bytes_total() > body_pos_ ? reader_.bytes_total() - body_pos_ : 0;
    if (total == 0) return 1;
    return (float)((double)(reader_.bytes_done() - body_pos_) / (double)total);
}

}  // namespace kariz
