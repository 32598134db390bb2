// Snapshot JSON writer and validating reader (format described in snapshot.h).
//
// Writing concatenates text by hand: key order must be fixed ("deals" last, so storage can split the
// head from the deals) and 100k deals must not go through a JSON tree.
// Reading parses with a SAX handler that builds a tree for everything except the elements of the
// top-level "deals" array: each deal is checked and converted as soon as its object closes and then
// dropped, so a 100k-deal file never exists as a whole nlohmann tree (that would be ~8x the text).
#include "snapshot.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "dates.h"
#include "money.h"
#include "reduce.h"
#include "assignment.h"
#include "roles.h"
#include "snapshot_selling.h"

namespace kariz {
namespace {

using json = nlohmann::json;
constexpr int64_t kMaxValue = 1000000000000000LL;  // 10^15 minor units, as validate_fields
constexpr int64_t kMaxRottingDays = 3650;
constexpr int kTemplatesVersion = 1;
constexpr int64_t kMaxCounter = 9007199254740991LL;  // 2^53 - 1: exact in every JSON reader

// ---------------------------------------------------------------- writing

void put_string(std::string& o, const std::string& s) {
    // Ids, times and codes are plain ASCII: skip nlohmann for them, it is the slow part of writing.
    bool plain = true;
    for (unsigned char c : s)
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') { plain = false; break; }
    if (plain) {
        o += '"';
        o += s;
        o += '"';
        return;
    }
    // `replace` turns invalid UTF-8 into U+FFFD instead of throwing; the output is always valid.
    o += json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Separates from the previous member or element unless the container has just been opened.
void comma(std::string& o) {
    if (o.back() != '{' && o.back() != '[') o += ',';
}
void key(std::string& o, const char* k) {
    comma(o);
    o += '"';
    o += k;
    o += "\":";
}
void put_time(std::string& o, Time t, bool zero_is_null) {
    if (zero_is_null && t == 0) { o += "null"; return; }
    o += '"';
    append_iso_time(o, t);
    o += '"';
}

// Merge bookkeeping (core/merge.h); each part only when present, so version-1 data stays small.
void put_sync(std::string& o, const Sync& s) {
    if (s.rev.counter != 0) {
        key(o, "rev"); o += '{';
        key(o, "device"); put_string(o, s.rev.device);
        key(o, "counter"); o += std::to_string(s.rev.counter);
        key(o, "time"); put_time(o, s.rev.time, false);
        o += '}';
    }
    if (!s.seen.empty()) {
        key(o, "seen"); o += '{';
        for (const auto& [device, counter] : s.seen) {
            comma(o);
            put_string(o, device);
            o += ':';
            o += std::to_string(counter);
        }
        o += '}';
    }
    if (!s.stamps.empty()) {
        key(o, "stamps"); o += '{';
        for (const FieldStamp& f : s.stamps) {
            comma(o);
            put_string(o, f.field);
            o += ":{";
            key(o, "device"); put_string(o, f.device);
            key(o, "counter"); o += std::to_string(f.counter);
            o += '}';
        }
        o += '}';
    }
}

void put_export_info(std::string& o, const ExportInfo* info) {
    if (!info) return;
    key(o, "exporter"); o += '{';
    key(o, "user_id"); put_string(o, info->user_id);
    key(o, "user_name"); put_string(o, info->user_name);
    key(o, "device"); put_string(o, info->device);
    key(o, "time"); put_time(o, info->time, false);
    o += '}';
    key(o, "scope"); o += '{';
    key(o, "kind"); put_string(o, info->scope);
    key(o, "id"); put_string(o, info->scope_id);
    key(o, "name"); put_string(o, info->scope_name);
    o += '}';
}

void put_tombstones(std::string& o, const std::vector<Tombstone>& ts) {
    if (ts.empty()) return;
    key(o, "tombstones"); o += '[';
    for (const Tombstone& t : ts) {
        comma(o);
        o += '{';
        key(o, "id"); put_string(o, t.id);
        Sync s{t.rev, t.seen, {}};
        put_sync(o, s);
        o += '}';
    }
    o += ']';
}

void put_user(std::string& o, const User& u) {
    o += '{';
    key(o, "id"); put_string(o, u.id);
    key(o, "name"); put_string(o, u.name);
    key(o, "initials"); put_string(o, u.initials);
    key(o, "role"); put_string(o, to_string(u.role));
    if (u.monthly_quota > 0) {  // optional: only users with a quota carry one
        key(o, "monthly_quota"); o += std::to_string(u.monthly_quota);
        key(o, "quota_currency"); put_string(o, u.quota_currency);
    }
    if (!u.colour.empty()) { key(o, "colour"); put_string(o, u.colour); }
    put_sync(o, u.sync);
    o += '}';
}

void put_pipeline(std::string& o, const Pipeline& p) {
    o += '{';
    key(o, "id"); put_string(o, p.id);
    key(o, "name"); put_string(o, p.name);
    key(o, "stages"); o += '[';
    for (const Stage& s : p.stages) {
        comma(o);
        o += '{';
        key(o, "id"); put_string(o, s.id);
        key(o, "name"); put_string(o, s.name);
        key(o, "probability"); o += std::to_string(s.probability);
        key(o, "rotting_days"); o += std::to_string(s.rotting_days);
        key(o, "exit_criteria"); o += '[';
        for (const std::string& k : s.exit_criteria) {
            comma(o);
            put_string(o, k);
        }
        o += ']';
        key(o, "follow_up_next_day"); o += s.follow_up_next_day ? "true" : "false";
        o += '}';
    }
    o += ']';
    key(o, "framework_id"); put_string(o, p.framework_id);
    put_sync(o, p.sync);
    o += '}';
}

void put_deal(std::string& o, const Deal& d) {
    o += '{';
    key(o, "id"); put_string(o, d.id);
    key(o, "title"); put_string(o, d.title);
    key(o, "organization"); put_string(o, d.organization);
    key(o, "contact"); o += '{';
    key(o, "name"); put_string(o, d.contact.name);
    key(o, "email"); put_string(o, d.contact.email);
    key(o, "phone"); put_string(o, d.contact.phone);
    o += '}';
    key(o, "value"); o += std::to_string(d.value);
    key(o, "currency"); put_string(o, d.currency);
    key(o, "owner_id"); put_string(o, d.owner_id);
    key(o, "pipeline_id"); put_string(o, d.pipeline_id);
    key(o, "stage_id"); put_string(o, d.stage_id);
    key(o, "status"); put_string(o, to_string(d.status));
    key(o, "lost_reason"); put_string(o, d.lost_reason);
    key(o, "source"); put_string(o, to_string(d.source));
    key(o, "labels"); o += '[';
    for (const std::string& l : d.labels) {
        comma(o);
        put_string(o, l);
    }
    o += ']';
    key(o, "expected_close"); put_string(o, d.expected_close);
    key(o, "notes"); put_string(o, d.notes);
    key(o, "created_at"); put_time(o, d.created_at, false);
    key(o, "updated_at"); put_time(o, d.updated_at, false);
    key(o, "stage_entered_at"); put_time(o, d.stage_entered_at, false);
    key(o, "closed_at"); put_time(o, d.closed_at, true);
    key(o, "history"); o += '[';
    for (const StageVisit& v : d.history) {
        comma(o);
        o += '{';
        key(o, "stage_id"); put_string(o, v.stage_id);
        key(o, "entered"); put_time(o, v.entered, false);
        key(o, "left"); put_time(o, v.left, true);
        if (!v.justification.empty()) { key(o, "justification"); put_string(o, v.justification); }
        if (v.known_recorded) {  // absent in older files: nothing was recorded then
            key(o, "known"); o += '[';
            for (const std::string& k : v.known) {
                comma(o);
                put_string(o, k);
            }
            o += ']';
        }
        o += '}';
    }
    o += ']';
    key(o, "framework_id"); put_string(o, d.framework_id);
    key(o, "criteria"); o += '[';
    for (const CriterionAnswer& a : d.criteria) {
        comma(o);
        o += '{';
        key(o, "id"); put_string(o, a.id);
        key(o, "state"); put_string(o, to_string(a.state));
        key(o, "note"); put_string(o, a.note);
        o += '}';
    }
    o += ']';
    key(o, "activities"); o += '[';
    for (const Activity& a : d.activities) {
        comma(o);
        o += '{';
        key(o, "id"); put_string(o, a.id);
        key(o, "kind"); put_string(o, to_string(a.kind));
        key(o, "direction"); put_string(o, a.outgoing ? "out" : "in");
        key(o, "answered"); o += a.answered ? "true" : "false";
        key(o, "at"); put_time(o, a.at, false);
        key(o, "note"); put_string(o, a.note);
        o += '}';
    }
    o += ']';
    key(o, "next");
    if (d.next.due == 0) {
        o += "null";
    } else {
        o += '{';
        key(o, "kind"); put_string(o, to_string(d.next.kind));
        key(o, "due"); put_time(o, d.next.due, false);
        key(o, "note"); put_string(o, d.next.note);
        o += '}';
    }
    key(o, "priority"); o += std::to_string(d.priority);
    key(o, "dq_reason"); put_string(o, d.dq_reason);
    key(o, "dq_note"); put_string(o, d.dq_note);
    put_deal_scoring(o, d);
    put_sync(o, d.sync);
    o += '}';
}

// ---------------------------------------------------------------- parsing

// Builds an nlohmann tree from SAX events, like nlohmann's own DOM parser, plus three things it
// cannot do: refuse nesting deeper than kMaxJsonDepth the moment it is reached (nothing deep is ever
// built, so neither the parser nor the destructor can exhaust the stack), report the byte position
// of a syntax error, and hand each element of the top-level "deals" array to `on_deal` and drop it.
class TreeBuilder : public nlohmann::json_sax<json> {
public:
    json root;
    std::function<void(const json& deal, size_t index)> on_deal;  // no streaming when empty
    bool too_deep = false;
    size_t error_position = 0;  // 1-based byte position from nlohmann; past the end = truncated
    std::string error_reason;
    int deals_arrays = 0;  // top-level "deals" keys seen (a second one would merge silently)

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return value(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
    bool string(string_t& v) override { return value(json(std::move(v))); }
    bool binary(binary_t&) override { return false; }  // never produced by JSON text
    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        next_is_deals_ = on_deal && stack_.size() == 1 && k == "deals";
        if (next_is_deals_) ++deals_arrays;
        slot_ = &stack_.back()->get_ref<json::object_t&>()[std::move(k)];
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const json::exception& ex) override {
        error_position = position;
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error
        // while parsing value - invalid literal; last read: '...'": keep the reason only, since the
        // last-read part echoes raw (possibly invalid UTF-8) bytes of the file.
        std::string what = ex.what();
        size_t start = what.find(" - ");
        if (start != std::string::npos) error_reason = what.substr(start + 3, what.find("; last read", start) - start - 3);
        return false;
    }

private:
    std::vector<json*> stack_;  // open containers, outermost first
    json* slot_ = nullptr;      // the object member the next value fills (set by key())
    json* deals_ = nullptr;     // the top-level "deals" array while it is open
    bool next_is_deals_ = false;
    size_t deal_count_ = 0;

    json* place(json&& v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        if (json::array_t* arr = stack_.back()->get_ptr<json::array_t*>()) {
            arr->push_back(std::move(v));
            return &arr->back();
        }
        *slot_ = std::move(v);
        return slot_;
    }
    // Called when a value is complete: a deal is converted and dropped right away.
    bool finished() {
        if (deals_ && stack_.back() == deals_) {
            json::array_t& arr = deals_->get_ref<json::array_t&>();
            on_deal(arr.back(), deal_count_++);
            arr.pop_back();
        }
        return true;
    }
    bool value(json&& v) {
        next_is_deals_ = false;
        place(std::move(v));
        return finished();
    }
    bool open(json&& container) {
        if (stack_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
            too_deep = true;
            return false;
        }
        bool is_deals = next_is_deals_ && container.is_array();
        next_is_deals_ = false;
        stack_.push_back(place(std::move(container)));
        if (is_deals) deals_ = stack_.back();
        return true;
    }
    bool close() {
        if (stack_.back() == deals_) deals_ = nullptr;
        stack_.pop_back();
        return finished();
    }
};

// Where a value sits in the file, as a chain of parents; turned into text only for an error message.
struct Path {
    const Path* parent = nullptr;
    const char* key = nullptr;  // member name, or nullptr for an array element
    size_t index = 0;
    std::string str() const {
        if (!parent) return "";
        std::string s = parent->str();
        if (!key) return s + "[" + std::to_string(index) + "]";
        return s.empty() ? key : s + "." + key;
    }
};

enum class Need { Optional, Required, NonEmpty };

// The field checks. Each returns false with `error` set ("deals[3].value: expected an integer").
struct Checker {
    std::string error;

    bool fail(const Path& at, const std::string& message) {
        std::string where = at.str();
        error = where.empty() ? message : where + ": " + message;
        return false;
    }

    // The member `k` of `obj`, or nullptr when it is absent (an error when it is required).
    const json* member(const json& obj, const Path& at, const char* k, bool required) {
        auto it = obj.find(k);
        if (it != obj.end()) return &*it;
        if (required) fail(at, std::string("missing field \"") + k + "\"");
        return nullptr;
    }

    bool object(const json& j, const Path& at) { return j.is_object() || fail(at, "expected an object"); }
    bool array(const json& j, const Path& at) { return j.is_array() || fail(at, "expected an array"); }

    bool text(const json& j, const Path& at, size_t max, bool non_empty, std::string& out) {
        const std::string* s = j.get_ptr<const std::string*>();
        if (!s) return fail(at, "expected a string");
        if (s->size() > max) return fail(at, "too long (" + std::to_string(s->size()) + " bytes, at most " + std::to_string(max) + ")");
        if (non_empty && s->empty()) return fail(at, "must not be empty");
        out = *s;
        return true;
    }
    bool text(const json& obj, const Path& at, const char* k, size_t max, Need need, std::string& out) {
        const json* j = member(obj, at, k, need != Need::Optional);
        if (!j) return need == Need::Optional;
        return text(*j, Path{&at, k}, max, need == Need::NonEmpty, out);
    }

    // Integers only: 12.5 and "12" are refused rather than rounded or converted.
    bool integer(const json& obj, const Path& at, const char* k, int64_t lo, int64_t hi, int64_t& out) {
        const json* j = member(obj, at, k, true);
        if (!j) return false;
        Path here{&at, k};
        bool in_range;
        if (const auto* u = j->get_ptr<const json::number_unsigned_t*>()) {
            in_range = *u <= static_cast<uint64_t>(hi);
            out = in_range ? static_cast<int64_t>(*u) : hi;
        } else if (const auto* i = j->get_ptr<const json::number_integer_t*>()) {
            out = *i;
            in_range = out >= lo && out <= hi;
        } else {
            return fail(here, "expected an integer");
        }
        if (in_range) return true;
        if (lo == 0 && out < 0) return fail(here, "must not be negative");
        return fail(here, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    bool integer(const json& obj, const Path& at, const char* k, int64_t lo, int64_t hi, int& out) {
        int64_t v = 0;
        if (!integer(obj, at, k, lo, hi, v)) return false;
        out = static_cast<int>(v);
        return true;
    }

    // A UTC time; with `nullable`, null (or, when `need` is Optional, absence) means 0.
    bool time(const json& obj, const Path& at, const char* k, Need need, bool nullable, Time& out) {
        const json* j = member(obj, at, k, need != Need::Optional);
        if (!j) return need == Need::Optional;
        if (nullable && j->is_null()) { out = 0; return true; }
        const std::string* s = j->get_ptr<const std::string*>();
        if (s && parse_iso_time(*s, out)) return true;
        return fail(Path{&at, k}, std::string("expected a UTC time like \"2026-11-22T16:48:06Z\"") + (nullable ? " or null" : ""));
    }

    // kMaxStringBytes holds everywhere, also in members this version does not know.
    bool strings_fit(const json& j, const Path& at) {
        if (const std::string* s = j.get_ptr<const std::string*>()) {
            if (s->size() <= kMaxStringBytes) return true;
            return fail(at, "too long (" + std::to_string(s->size()) + " bytes, at most " + std::to_string(kMaxStringBytes) + ")");
        }
        if (const json::array_t* arr = j.get_ptr<const json::array_t*>()) {
            for (size_t i = 0; i < arr->size(); ++i)
                if (!strings_fit((*arr)[i], Path{&at, nullptr, i})) return false;
        } else if (const json::object_t* obj = j.get_ptr<const json::object_t*>()) {
            for (const auto& [k, v] : *obj) {
                if (k.size() > kMaxStringBytes) return fail(at, "a field name is too long (" + std::to_string(k.size()) + " bytes)");
                if (!strings_fit(v, Path{&at, k.c_str()})) return false;
            }
        }
        return true;
    }
};

// Checks the "format" and "version" members shared by snapshots and template files.
// Versions from `oldest` (default: only `supported`) up to `supported` are read; older ones are upgraded
// by the reader (missing fields have defaults), newer ones refused.
bool check_header(Checker& c, const json& root, const char* format, int supported, int& version, int oldest = -1) {
    if (oldest < 0) oldest = supported;
    const Path top;
    if (!root.is_object()) return c.fail(top, "expected a JSON object at the top level");
    const json* f = c.member(root, top, "format", false);
    if (!f || !f->is_string() || f->get_ref<const std::string&>() != format)
        return c.fail(Path{&top, "format"}, std::string("expected \"") + format + "\"");
    const json* v = c.member(root, top, "version", true);
    if (!v) return false;
    Path at{&top, "version"};
    if (!v->is_number_integer()) return c.fail(at, "expected an integer");
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(supported))
        return c.fail(Path{}, "This file was written by a newer Kariz (version " + std::to_string(v->get<uint64_t>()) +
                                  "); this one reads up to version " + std::to_string(supported) + ".");
    int64_t number = v->get<int64_t>();
    if (number < oldest) return c.fail(at, "unknown version " + std::to_string(number));
    version = static_cast<int>(number);
    return true;
}

// Size limit, parse, and the messages for text that is not (acceptable) JSON.
bool parse_text(std::string_view text, TreeBuilder& tree, std::string& error) {
    if (text.size() > kMaxSnapshotBytes) {
        const size_t mb = 1024 * 1024;
        error = "file is too large (" + std::to_string((text.size() + mb - 1) / mb) + " MB, at most " +
                std::to_string(kMaxSnapshotBytes / mb) + " MB)";
        return false;
    }
    if (json::sax_parse(text.data(), text.data() + text.size(), &tree)) return true;
    if (tree.too_deep) {
        error = "file is nested too deeply (more than " + std::to_string(kMaxJsonDepth) + " levels)";
    } else if (tree.error_position > text.size()) {
        error = "file is not valid JSON: it ends too early (is it cut off?)";
    } else {
        size_t offset = tree.error_position == 0 ? 0 : tree.error_position - 1;
        size_t line = 1, line_start = 0;
        for (size_t i = 0; i < offset; ++i)
            if (text[i] == '\n') ++line, line_start = i + 1;
        error = "file is not valid JSON (line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) +
                (tree.error_reason.empty() ? ")" : "): " + tree.error_reason);
    }
    return false;
}

// Qualification, activities, next step, priority, disqualification: all optional, so files
// written before these fields existed read as they are.
bool read_selling_method(Checker& c, const json& j, const Path& at, Deal& d) {
    if (!c.text(j, at, "framework_id", kMaxShortText, Need::Optional, d.framework_id) ||
        !c.text(j, at, "dq_reason", kMaxShortText, Need::Optional, d.dq_reason) ||
        !c.text(j, at, "dq_note", kMaxNotes, Need::Optional, d.dq_note))
        return false;
    if (j.contains("priority") && !c.integer(j, at, "priority", 0, 2, d.priority)) return false;
    if (const json* arr = c.member(j, at, "criteria", false)) {
        Path ap{&at, "criteria"};
        if (!c.array(*arr, ap)) return false;
        if (arr->size() > 50) return c.fail(ap, "too many entries (at most 50)");
        for (size_t i = 0; i < arr->size(); ++i) {
            Path ep{&ap, nullptr, i};
            CriterionAnswer a;
            std::string state;
            if (!c.object((*arr)[i], ep) || !c.text((*arr)[i], ep, "id", kMaxShortText, Need::NonEmpty, a.id) ||
                !c.text((*arr)[i], ep, "state", kMaxShortText, Need::Required, state) ||
                !c.text((*arr)[i], ep, "note", kMaxNotes, Need::Optional, a.note))
                return false;
            if (!parse_criterion_state(state, a.state)) return c.fail(Path{&ep, "state"}, "expected \"unknown\", \"met\" or \"not_met\"");
            d.criteria.push_back(std::move(a));
        }
    }
    if (const json* arr = c.member(j, at, "activities", false)) {
        Path ap{&at, "activities"};
        if (!c.array(*arr, ap)) return false;
        if (arr->size() > 5000) return c.fail(ap, "too many entries (at most 5000)");
        for (size_t i = 0; i < arr->size(); ++i) {
            const json& v = (*arr)[i];
            Path ep{&ap, nullptr, i};
            Activity a;
            std::string kind, direction;
            if (!c.object(v, ep) || !c.text(v, ep, "id", kMaxShortText, Need::NonEmpty, a.id) ||
                !c.text(v, ep, "kind", kMaxShortText, Need::Required, kind) ||
                !c.text(v, ep, "direction", kMaxShortText, Need::Required, direction) || !c.time(v, ep, "at", Need::Required, false, a.at) ||
                !c.text(v, ep, "note", kMaxNotes, Need::Optional, a.note))
                return false;
            if (!parse_activity_kind(kind, a.kind)) return c.fail(Path{&ep, "kind"}, "expected call, email, meeting, message or note");
            if (direction != "out" && direction != "in") return c.fail(Path{&ep, "direction"}, "expected \"out\" or \"in\"");
            a.outgoing = direction == "out";
            const json* answered = c.member(v, ep, "answered", false);
            if (answered && !answered->is_boolean()) return c.fail(Path{&ep, "answered"}, "expected true or false");
            a.answered = answered ? answered->get<bool>() : !a.outgoing;
            d.activities.push_back(std::move(a));
        }
    }
    if (const json* next = c.member(j, at, "next", false); next && !next->is_null()) {
        Path np{&at, "next"};
        std::string kind;
        if (!c.object(*next, np) || !c.text(*next, np, "kind", kMaxShortText, Need::Required, kind) ||
            !c.time(*next, np, "due", Need::Required, false, d.next.due) || !c.text(*next, np, "note", kMaxNotes, Need::Optional, d.next.note))
            return false;
        if (!parse_activity_kind(kind, d.next.kind)) return c.fail(Path{&np, "kind"}, "expected call, email, meeting, message or note");
    }
    return true;
}

// "rev", "seen", "stamps" (core/merge.h): optional; version-1 files have none (seen nothing).
bool read_sync(Checker& c, const json& j, const Path& at, Sync& s) {
    if (const json* rev = c.member(j, at, "rev", false)) {
        Path rp{&at, "rev"};
        if (!c.object(*rev, rp) || !c.text(*rev, rp, "device", 64, Need::NonEmpty, s.rev.device) ||
            !c.integer(*rev, rp, "counter", 1, kMaxCounter, s.rev.counter) || !c.time(*rev, rp, "time", Need::Required, false, s.rev.time))
            return false;
    }
    if (const json* seen = c.member(j, at, "seen", false)) {
        Path sp{&at, "seen"};
        if (!c.object(*seen, sp)) return false;
        if (seen->size() > 1000) return c.fail(sp, "too many devices (at most 1000)");
        for (const auto& [device, n] : seen->items()) {
            Path dp{&sp, device.c_str()};
            if (device.empty() || device.size() > 64) return c.fail(dp, "a device id has 1 to 64 characters");
            if (!n.is_number_integer() || n.get<int64_t>() < 1 || n.get<int64_t>() > kMaxCounter)
                return c.fail(dp, "expected a counter between 1 and " + std::to_string(kMaxCounter));
            seen_raise(s.seen, device, n.get<int64_t>());
        }
    }
    if (const json* stamps = c.member(j, at, "stamps", false)) {
        Path sp{&at, "stamps"};
        if (!c.object(*stamps, sp)) return false;
        if (stamps->size() > 100) return c.fail(sp, "too many fields (at most 100)");
        for (const auto& [field, v] : stamps->items()) {
            Path fp{&sp, field.c_str()};
            FieldStamp f{field, "", 0};
            if (field.empty() || field.size() > 64) return c.fail(fp, "a field name has 1 to 64 characters");
            if (!c.object(v, fp) || !c.text(v, fp, "device", 64, Need::NonEmpty, f.device) || !c.integer(v, fp, "counter", 1, kMaxCounter, f.counter))
                return false;
            s.stamps.push_back(std::move(f));
        }
    }
    return true;
}

bool read_deal(Checker& c, const json& j, const Path& at, Deal& d) {
    if (!c.object(j, at)) return false;
    std::string status = "open", source = "inbound";
    if (!c.text(j, at, "id", kMaxShortText, Need::NonEmpty, d.id) || !c.text(j, at, "title", kMaxTitle, Need::NonEmpty, d.title) ||
        !c.text(j, at, "organization", kMaxShortText, Need::Optional, d.organization))
        return false;
    if (const json* contact = c.member(j, at, "contact", false)) {
        Path cp{&at, "contact"};
        if (!c.object(*contact, cp) || !c.text(*contact, cp, "name", kMaxShortText, Need::Required, d.contact.name) ||
            !c.text(*contact, cp, "email", kMaxShortText, Need::Required, d.contact.email) ||
            !c.text(*contact, cp, "phone", kMaxShortText, Need::Required, d.contact.phone))
            return false;
    }
    if (!c.integer(j, at, "value", 0, kMaxValue, d.value) || !c.text(j, at, "currency", kMaxShortText, Need::Required, d.currency))
        return false;
    if (!is_currency_code(d.currency)) return c.fail(Path{&at, "currency"}, "expected a three-letter currency code like \"EUR\"");
    if (!c.text(j, at, "owner_id", kMaxShortText, Need::Required, d.owner_id) ||
        !c.text(j, at, "pipeline_id", kMaxShortText, Need::NonEmpty, d.pipeline_id) ||
        !c.text(j, at, "stage_id", kMaxShortText, Need::NonEmpty, d.stage_id) ||
        !c.text(j, at, "status", kMaxShortText, Need::Required, status))
        return false;
    if (!parse_status(status, d.status))
        return c.fail(Path{&at, "status"}, "expected \"open\", \"won\", \"lost\" or \"disqualified\"");
    if (!c.text(j, at, "lost_reason", kMaxShortText, Need::Optional, d.lost_reason) ||
        !c.text(j, at, "source", kMaxShortText, Need::Optional, source))
        return false;
    if (!parse_source(source, d.source)) return c.fail(Path{&at, "source"}, "expected \"inbound\" or \"outbound\"");
    if (const json* labels = c.member(j, at, "labels", false)) {
        Path lp{&at, "labels"};
        if (!c.array(*labels, lp)) return false;
        if (labels->size() > kMaxLabels)
            return c.fail(lp, "too many labels (" + std::to_string(labels->size()) + ", at most " + std::to_string(kMaxLabels) + ")");
        d.labels.resize(labels->size());
        for (size_t i = 0; i < labels->size(); ++i)
            if (!c.text((*labels)[i], Path{&lp, nullptr, i}, kMaxShortText, true, d.labels[i])) return false;
    }
    if (!c.text(j, at, "expected_close", kMaxShortText, Need::Optional, d.expected_close)) return false;
    if (!d.expected_close.empty() && !is_valid_date(d.expected_close))
        return c.fail(Path{&at, "expected_close"}, "expected a date YYYY-MM-DD or \"\"");
    if (!c.text(j, at, "notes", kMaxNotes, Need::Optional, d.notes) || !c.time(j, at, "created_at", Need::Required, false, d.created_at) ||
        !c.time(j, at, "updated_at", Need::Required, false, d.updated_at) ||
        !c.time(j, at, "stage_entered_at", Need::Required, false, d.stage_entered_at) ||
        !c.time(j, at, "closed_at", Need::Optional, true, d.closed_at))
        return false;
    const json* history = c.member(j, at, "history", false);
    if (!history) {
        d.history.push_back({d.stage_id, d.stage_entered_at, 0, "", false, {}});  // files written by hand or by older tools
    } else {
        Path hp{&at, "history"};
        if (!c.array(*history, hp)) return false;
        if (history->size() > kMaxHistory)
            return c.fail(hp, "too many entries (" + std::to_string(history->size()) + ", at most " + std::to_string(kMaxHistory) + ")");
        d.history.resize(history->size());
        for (size_t i = 0; i < history->size(); ++i) {
            const json& v = (*history)[i];
            Path vp{&hp, nullptr, i};
            StageVisit& visit = d.history[i];
            // The stage may have been deleted since: only the shape is checked, not that it exists.
            if (!c.object(v, vp) || !c.text(v, vp, "stage_id", kMaxShortText, Need::NonEmpty, visit.stage_id) ||
                !c.time(v, vp, "entered", Need::Required, false, visit.entered) || !c.time(v, vp, "left", Need::Required, true, visit.left) ||
                !c.text(v, vp, "justification", kMaxNotes, Need::Optional, visit.justification))
                return false;
            if (const json* known = c.member(v, vp, "known", false)) {  // optional (reports' knowledge by stage)
                Path kp{&vp, "known"};
                if (!c.array(*known, kp)) return false;
                if (known->size() > 100) return c.fail(kp, "too many entries (at most 100)");
                visit.known_recorded = true;
                visit.known.resize(known->size());
                for (size_t k = 0; k < known->size(); ++k)
                    if (!c.text((*known)[k], Path{&kp, nullptr, k}, kMaxShortText, true, visit.known[k])) return false;
            }
        }
    }
    if (!read_selling_method(c, j, at, d) || !read_sync(c, j, at, d.sync)) return false;
    std::string scoring_error;
    if (!read_deal_scoring(j, d, scoring_error)) return c.fail(at, scoring_error);
    return c.strings_fit(j, at);
}

bool read_settings(Checker& c, const json& root, const Path& top, Settings& s) {
    const json* j = c.member(root, top, "settings", true);
    Path at{&top, "settings"};
    if (!j || !c.object(*j, at) || !c.text(*j, at, "default_currency", kMaxShortText, Need::Required, s.default_currency)) return false;
    if (!is_currency_code(s.default_currency)) return c.fail(Path{&at, "default_currency"}, "expected a three-letter currency code like \"EUR\"");
    if (j->contains("gone_dark_touches") && !c.integer(*j, at, "gone_dark_touches", 1, 100, s.gone_dark_touches)) return false;
    if (const json* rates = c.member(*j, at, "exchange_rates", false)) {
        Path rp{&at, "exchange_rates"};
        if (!c.array(*rates, rp)) return false;
        if (rates->size() > 200) return c.fail(rp, "too many entries (at most 200)");
        for (size_t i = 0; i < rates->size(); ++i) {
            Path ep{&rp, nullptr, i};
            ExchangeRate r;
            if (!c.object((*rates)[i], ep) || !c.text((*rates)[i], ep, "currency", kMaxShortText, Need::Required, r.currency) ||
                !c.integer((*rates)[i], ep, "per_million", 1, kMaxValue, r.per_million))
                return false;
            if (!is_currency_code(r.currency)) return c.fail(Path{&ep, "currency"}, "expected a three-letter currency code like \"EUR\"");
            s.exchange_rates.push_back(std::move(r));
        }
    }
    std::string assign_mode;
    if (!c.text(*j, at, "assign_mode", kMaxShortText, Need::Optional, assign_mode) ||
        !c.text(*j, at, "assign_user_id", kMaxShortText, Need::Optional, s.assign_user_id) ||
        !c.text(*j, at, "assign_last_id", kMaxShortText, Need::Optional, s.assign_last_id))
        return false;
    if (!assign_mode.empty() && !parse_assign_mode(assign_mode, s.assign_mode))
        return c.fail(Path{&at, "assign_mode"}, "expected \"none\", \"fixed\" or \"round_robin\"");
    if (!(c.text(*j, at, "current_user_id", kMaxShortText, Need::Optional, s.current_user_id) &&
          c.text(*j, at, "company_name", kMaxShortText, Need::Optional, s.company_name) &&
          c.text(*j, at, "goodbye_template", kMaxNotes, Need::Optional, s.goodbye_template) &&
          c.text(*j, at, "dq_criteria", kMaxNotes, Need::Optional, s.dq_criteria) && read_sync(c, *j, at, s.sync)))
        return false;
    std::string scoring_error;
    if (!read_settings_scoring(*j, s, scoring_error)) return c.fail(at, scoring_error);
    return true;
}

bool read_users(Checker& c, const json& root, const Path& top, std::vector<User>& users) {
    const json* arr = c.member(root, top, "users", true);
    Path at{&top, "users"};
    if (!arr || !c.array(*arr, at)) return false;
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr->size(); ++i) {
        const json& j = (*arr)[i];
        Path up{&at, nullptr, i};
        User u;
        std::string role;
        if (!c.object(j, up) || !c.text(j, up, "id", kMaxShortText, Need::NonEmpty, u.id) ||
            !c.text(j, up, "name", kMaxShortText, Need::NonEmpty, u.name) ||
            !c.text(j, up, "initials", kMaxShortText, Need::Required, u.initials) || !c.text(j, up, "role", kMaxShortText, Need::Required, role))
            return false;
        if (!parse_role(role, u.role)) return c.fail(Path{&up, "role"}, "expected \"seller\" or \"manager\"");
        if (j.contains("monthly_quota") && !c.integer(j, up, "monthly_quota", 0, kMaxValue, u.monthly_quota)) return false;
        if (!c.text(j, up, "quota_currency", kMaxShortText, Need::Optional, u.quota_currency)) return false;
        if (!u.quota_currency.empty() && !is_currency_code(u.quota_currency))
            return c.fail(Path{&up, "quota_currency"}, "expected a three-letter currency code like \"EUR\"");
        uint32_t rgb;
        if (!c.text(j, up, "colour", kMaxShortText, Need::Optional, u.colour)) return false;
        if (!u.colour.empty() && !parse_colour(u.colour, rgb)) return c.fail(Path{&up, "colour"}, "expected a colour like \"#1a73e8\"");
        if (!read_sync(c, j, up, u.sync)) return false;
        if (!ids.insert(u.id).second) return c.fail(Path{&up, "id"}, "duplicate id \"" + u.id + "\"");
        users.push_back(std::move(u));
    }
    return true;
}

// One stage: snapshots require an id, templates have none (AddPipeline gives them one).
bool read_stage(Checker& c, const json& j, const Path& at, bool with_id, Stage& s) {
    if (!(c.object(j, at) && (!with_id || c.text(j, at, "id", kMaxShortText, Need::NonEmpty, s.id)) &&
          c.text(j, at, "name", kMaxShortText, Need::NonEmpty, s.name) && c.integer(j, at, "probability", 0, 100, s.probability) &&
          c.integer(j, at, "rotting_days", 0, kMaxRottingDays, s.rotting_days)))
        return false;
    if (const json* arr = c.member(j, at, "exit_criteria", false)) {
        Path ep{&at, "exit_criteria"};
        if (!c.array(*arr, ep)) return false;
        if (arr->size() > 50) return c.fail(ep, "too many entries (at most 50)");
        s.exit_criteria.resize(arr->size());
        for (size_t i = 0; i < arr->size(); ++i)
            if (!c.text((*arr)[i], Path{&ep, nullptr, i}, kMaxShortText, true, s.exit_criteria[i])) return false;
    }
    if (const json* f = c.member(j, at, "follow_up_next_day", false)) {
        if (!f->is_boolean()) return c.fail(Path{&at, "follow_up_next_day"}, "expected true or false");
        s.follow_up_next_day = f->get<bool>();
    }
    return true;
}

bool read_pipelines(Checker& c, const json& root, const Path& top, std::vector<Pipeline>& pipelines) {
    const json* arr = c.member(root, top, "pipelines", true);
    Path at{&top, "pipelines"};
    if (!arr || !c.array(*arr, at)) return false;
    if (arr->empty()) return c.fail(at, "at least one pipeline is needed");
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr->size(); ++i) {
        const json& j = (*arr)[i];
        Path pp{&at, nullptr, i};
        Pipeline p;
        if (!c.object(j, pp) || !c.text(j, pp, "id", kMaxShortText, Need::NonEmpty, p.id) ||
            !c.text(j, pp, "name", kMaxShortText, Need::NonEmpty, p.name))
            return false;
        if (!ids.insert(p.id).second) return c.fail(Path{&pp, "id"}, "duplicate id \"" + p.id + "\"");
        if (j.contains("framework_id") && !c.text(j, pp, "framework_id", kMaxShortText, Need::NonEmpty, p.framework_id)) return false;
        if (!read_sync(c, j, pp, p.sync)) return false;
        const json* stages = c.member(j, pp, "stages", true);
        Path sp{&pp, "stages"};
        if (!stages || !c.array(*stages, sp)) return false;
        if (stages->empty()) return c.fail(sp, "at least one stage is needed");
        std::unordered_set<std::string> stage_ids;
        p.stages.resize(stages->size());
        for (size_t k = 0; k < stages->size(); ++k) {
            Path st{&sp, nullptr, k};
            if (!read_stage(c, (*stages)[k], st, true, p.stages[k])) return false;
            if (!stage_ids.insert(p.stages[k].id).second) return c.fail(Path{&st, "id"}, "duplicate id \"" + p.stages[k].id + "\"");
        }
        pipelines.push_back(std::move(p));
    }
    return true;
}

// Who exported the file, from which device, and which part of the workspace (version 2).
bool read_export_info(Checker& c, const json& root, const Path& top, SnapshotSummary& s) {
    if (const json* e = c.member(root, top, "exporter", false)) {
        Path ep{&top, "exporter"};
        Time t = 0;
        if (!c.object(*e, ep) || !c.text(*e, ep, "user_id", kMaxShortText, Need::Optional, s.exporter_user_id) ||
            !c.text(*e, ep, "user_name", kMaxShortText, Need::Optional, s.exporter_user_name) ||
            !c.text(*e, ep, "device", 64, Need::Optional, s.exporter_device) || !c.time(*e, ep, "time", Need::Optional, false, t))
            return false;
    }
    if (const json* sc = c.member(root, top, "scope", false)) {
        Path sp{&top, "scope"};
        if (!c.object(*sc, sp) || !c.text(*sc, sp, "kind", kMaxShortText, Need::Required, s.scope) ||
            !c.text(*sc, sp, "id", kMaxShortText, Need::Optional, s.scope_id) || !c.text(*sc, sp, "name", kMaxShortText, Need::Optional, s.scope_name))
            return false;
        if (s.scope != "workspace" && s.scope != "pipeline" && s.scope != "owner" && s.scope != "selection")
            return c.fail(Path{&sp, "kind"}, "expected \"workspace\", \"pipeline\", \"owner\" or \"selection\"");
    }
    return true;
}

bool read_tombstones(Checker& c, const json& root, const Path& top, std::vector<Tombstone>& out) {
    const json* arr = c.member(root, top, "tombstones", false);
    if (!arr) return true;
    Path at{&top, "tombstones"};
    if (!c.array(*arr, at)) return false;
    if (arr->size() > kMaxDeals) return c.fail(at, "too many entries");
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr->size(); ++i) {
        Path tp{&at, nullptr, i};
        Tombstone t;
        Sync s;
        if (!c.object((*arr)[i], tp) || !c.text((*arr)[i], tp, "id", kMaxShortText, Need::NonEmpty, t.id) || !read_sync(c, (*arr)[i], tp, s))
            return false;
        if (!ids.insert(t.id).second) return c.fail(Path{&tp, "id"}, "duplicate id \"" + t.id + "\"");
        t.rev = s.rev;
        t.seen = std::move(s.seen);
        out.push_back(std::move(t));
    }
    return true;
}

// Ids unique, and every deal points at a pipeline, a stage of it, and an owner that exist.
bool check_references(Checker& c, const Workspace& ws, const Path& deals_path) {
    std::unordered_set<std::string_view> users;
    for (const User& u : ws.users) users.insert(u.id);
    std::unordered_map<std::string_view, std::unordered_set<std::string_view>> stages;  // pipeline -> stage ids
    for (const Pipeline& p : ws.pipelines)
        for (const Stage& s : p.stages) stages[p.id].insert(s.id);
    const std::string& me = ws.settings.current_user_id;
    if (!me.empty() && !users.count(me)) return c.fail(Path{}, "settings.current_user_id: no user \"" + me + "\"");
    const std::string& fixed = ws.settings.assign_user_id;
    if (!fixed.empty() && !users.count(fixed)) return c.fail(Path{}, "settings.assign_user_id: no user \"" + fixed + "\"");
    std::unordered_set<std::string_view> ids;
    ids.reserve(ws.deals.size() * 2);
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        const Deal& d = ws.deals[i];
        Path at{&deals_path, nullptr, i};
        if (!ids.insert(d.id).second) return c.fail(Path{&at, "id"}, "duplicate id \"" + d.id + "\"");
        auto p = stages.find(d.pipeline_id);
        if (p == stages.end()) return c.fail(Path{&at, "pipeline_id"}, "no pipeline \"" + d.pipeline_id + "\"");
        if (!p->second.count(d.stage_id))
            return c.fail(Path{&at, "stage_id"}, "no stage \"" + d.stage_id + "\" in pipeline \"" + d.pipeline_id + "\"");
        if (!d.owner_id.empty() && !users.count(d.owner_id)) return c.fail(Path{&at, "owner_id"}, "no user \"" + d.owner_id + "\"");
    }
    return true;
}

}  // namespace

std::string deal_to_json(const Deal& d) {
    std::string o;
    o.reserve(600);
    put_deal(o, d);
    return o;
}

std::string snapshot_head(const Workspace& ws, Time exported_at) { return snapshot_head(ws, exported_at, nullptr); }

std::string snapshot_head(const Workspace& ws, Time exported_at, const ExportInfo* info) {
    std::string o = "{";
    key(o, "format"); put_string(o, "kariz.snapshot");
    key(o, "version"); o += std::to_string(kSnapshotVersion);
    key(o, "exported_at"); put_time(o, exported_at, false);
    key(o, "settings"); o += '{';
    key(o, "default_currency"); put_string(o, ws.settings.default_currency);
    // No current_user_id: who uses the board is a choice of each device (app/users_view.cpp), it
    // does not travel with the team's data. Older files that carry one are still read.
    key(o, "company_name"); put_string(o, ws.settings.company_name);
    key(o, "gone_dark_touches"); o += std::to_string(ws.settings.gone_dark_touches);
    key(o, "goodbye_template"); put_string(o, ws.settings.goodbye_template);
    key(o, "dq_criteria"); put_string(o, ws.settings.dq_criteria);
    if (!ws.settings.exchange_rates.empty()) {  // optional: reports convert only when rates are set
        key(o, "exchange_rates"); o += '[';
        for (const ExchangeRate& r : ws.settings.exchange_rates) {
            comma(o);
            o += '{';
            key(o, "currency"); put_string(o, r.currency);
            key(o, "per_million"); o += std::to_string(r.per_million);
            o += '}';
        }
        o += ']';
    }
    key(o, "assign_mode"); put_string(o, to_string(ws.settings.assign_mode));
    key(o, "assign_user_id"); put_string(o, ws.settings.assign_user_id);
    key(o, "assign_last_id"); put_string(o, ws.settings.assign_last_id);
    put_settings_scoring(o, ws.settings);
    put_sync(o, ws.settings.sync);
    o += '}';
    key(o, "users"); o += '[';
    for (const User& u : ws.users) {
        comma(o);
        put_user(o, u);
    }
    o += ']';
    key(o, "pipelines"); o += '[';
    for (const Pipeline& p : ws.pipelines) {
        comma(o);
        put_pipeline(o, p);
    }
    o += ']';
    put_export_info(o, info);
    put_tombstones(o, ws.tombstones);
    key(o, "deals"); o += '[';
    return o;
}

// The deals after a snapshot head, and the closing of the array and the file.
static std::string finish_snapshot(std::string o, const Workspace& ws) {
    o.reserve(o.size() + ws.deals.size() * 700 + 2);
    for (const Deal& d : ws.deals) {
        comma(o);
        put_deal(o, d);
    }
    o += "]}";
    return o;
}

std::string write_snapshot(const Workspace& ws, const ExportInfo& info) {
    return finish_snapshot(snapshot_head(ws, info.time, &info), ws);
}

std::string pipeline_to_json(const Pipeline& p) {
    std::string o;
    put_pipeline(o, p);
    return o;
}

std::string user_to_json(const User& u) {
    std::string o;
    put_user(o, u);
    return o;
}

std::string settings_to_json(const Settings& s) {
    // The settings are written inline in the head; a head with nothing else holds exactly them.
    Workspace w;
    w.settings = s;
    return snapshot_head(w, 0, nullptr);
}

std::string write_snapshot(const Workspace& ws, Time exported_at) {
    return finish_snapshot(snapshot_head(ws, exported_at), ws);
}

bool read_snapshot(std::string_view text, Workspace& out, std::string& error, SnapshotSummary* summary) {
    Checker c;
    const Path top;
    const Path deals_path{&top, "deals"};
    Workspace ws;
    std::string deal_error;  // the first bad deal; reported after the header checks
    TreeBuilder tree;
    tree.on_deal = [&](const json& j, size_t i) {
        if (!deal_error.empty()) return;  // keep parsing (a newer version must still be recognised), skip work
        if (i >= kMaxDeals) {
            deal_error = "deals: too many deals (more than " + std::to_string(kMaxDeals) + ")";
            return;
        }
        Deal d;
        if (read_deal(c, j, Path{&deals_path, nullptr, i}, d))
            ws.deals.push_back(std::move(d));
        else
            deal_error = c.error;
    };
    if (!parse_text(text, tree, error)) return false;

    int version = 0;
    const json& root = tree.root;
    if (!check_header(c, root, "kariz.snapshot", kSnapshotVersion, version, 1) || !read_settings(c, root, top, ws.settings) ||
        !read_users(c, root, top, ws.users) || !read_pipelines(c, root, top, ws.pipelines)) {
        error = c.error;
        return false;
    }
    std::string exported_at;
    Time ignored = 0;
    const json* deals = nullptr;
    if (!c.text(root, top, "exported_at", kMaxShortText, Need::Optional, exported_at) ||
        (!exported_at.empty() && !c.time(root, top, "exported_at", Need::Required, false, ignored)) ||
        !(deals = c.member(root, top, "deals", true)) || !c.array(*deals, deals_path) || !c.strings_fit(root, top)) {
        error = c.error;
        return false;
    }
    SnapshotSummary info;
    if (!read_export_info(c, root, top, info) || !read_tombstones(c, root, top, ws.tombstones)) {
        error = c.error;
        return false;
    }
    if (tree.deals_arrays > 1) deal_error = "deals: the field appears more than once";
    if (!deal_error.empty()) {
        error = deal_error;
        return false;
    }
    if (!check_references(c, ws, deals_path)) {
        error = c.error;
        return false;
    }
    if (summary) {
        *summary = std::move(info);
        summary->version = version;
        summary->exported_at = exported_at;
        summary->pipelines = ws.pipelines.size();
        summary->users = ws.users.size();
        summary->deals = ws.deals.size();
        for (const Deal& d : ws.deals) summary->open_deals += d.status == DealStatus::Open;
    }
    out = std::move(ws);
    out.rebuild_index();
    return true;
}

bool read_pipeline_templates(const std::string& text, std::vector<PipelineTemplate>& out, std::string& error) {
    TreeBuilder tree;
    if (!parse_text(text, tree, error)) return false;
    Checker c;
    const Path top;
    const json& root = tree.root;
    int version = 0;
    const json* arr = nullptr;
    Path at{&top, "templates"};
    if (!check_header(c, root, "kariz.pipeline-templates", kTemplatesVersion, version) || !(arr = c.member(root, top, "templates", true)) ||
        !c.array(*arr, at) || !c.strings_fit(root, top)) {
        error = c.error;
        return false;
    }
    std::vector<PipelineTemplate> result(arr->size());
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr->size(); ++i) {
        const json& j = (*arr)[i];
        Path tp{&at, nullptr, i};
        PipelineTemplate& t = result[i];
        const json* stages = nullptr;
        Path sp{&tp, "stages"};
        if (!c.object(j, tp) || !c.text(j, tp, "id", kMaxShortText, Need::NonEmpty, t.id) ||
            !c.text(j, tp, "name", kMaxShortText, Need::NonEmpty, t.name) ||
            !c.text(j, tp, "description", kMaxNotes, Need::Optional, t.description) || !(stages = c.member(j, tp, "stages", true)) ||
            !c.array(*stages, sp)) {
            error = c.error;
            return false;
        }
        if (!ids.insert(t.id).second) {
            error = tp.str() + ".id: duplicate id \"" + t.id + "\"";
            return false;
        }
        if (const json* def = c.member(j, tp, "default", false)) {
            if (!def->is_boolean()) {
                error = tp.str() + ".default: expected true or false";
                return false;
            }
            t.is_default = def->get<bool>();
        }
        t.stages.resize(stages->size());
        for (size_t k = 0; k < stages->size(); ++k) {
            if (!read_stage(c, (*stages)[k], Path{&sp, nullptr, k}, false, t.stages[k])) {
                error = c.error;
                return false;
            }
        }
    }
    out = std::move(result);
    return true;
}

}  // namespace kariz
