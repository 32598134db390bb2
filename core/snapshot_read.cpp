// Snapshot JSON validating reader (format described in snapshot.h).
//
// The text is parsed by core/json_view.h, not by nlohmann: a flat node array reused from deal to
// deal, strings viewed in place (issue 7: nlohmann's lexer, its per-deal tree and malloc were most
// of the import time). The elements of the top-level "deals" array are parsed one at a time, checked
// and converted as soon as each closes, then dropped, so a 100k-deal file never exists as a tree.
// Everything else (the head: settings, users, pipelines, ...) is small and kept as one document.
// The steps (snapshot_read.h) are shared with SnapshotPieces (snapshot_pieces.cpp), which reads a
// stored board's head and then its deals batch by batch.
#include "snapshot.h"
#include "snapshot_read.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "assignment.h"
#include "dates.h"
#include "deal_record.h"
#include "json_view.h"
#include "money.h"
#include "reduce.h"
#include "roles.h"
#include "snapshot_selling.h"

namespace kariz {
namespace {

using json = jsonv::Value;
constexpr int64_t kMaxRottingDays = 3650;
constexpr int kTemplatesVersion = 1;


// ---------------------------------------------------------------- parsing

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

// A member name the reader asks for. Only literals convert to it, so its length is known without
// strlen (2% of reading a snapshot) and a Path can keep the pointer.
struct Key {
    const char* str;
    size_t len;
    template <size_t N>
    constexpr Key(const char (&s)[N]) : str(s), len(N - 1) {}
    std::string_view view() const { return {str, len}; }
};

// The field checks. Each returns false with `error` set ("deals[3].value: expected an integer").
struct Checker {
    std::string error;

    bool fail(const Path& at, const std::string& message) {
        std::string where = at.str();
        error = where.empty() ? message : where + ": " + message;
        return false;
    }

    // The member `k` of `obj`, or an empty Value when it is absent (an error when it is required).
    json member(const json& obj, const Path& at, Key k, bool required) {
        if (json v = obj.find(k.view())) return v;
        if (required) fail(at, std::string("missing field \"") + k.str + "\"");
        return {};
    }

    bool object(const json& j, const Path& at) { return j.is_object() || fail(at, "expected an object"); }
    bool array(const json& j, const Path& at) { return j.is_array() || fail(at, "expected an array"); }

    bool text(const json& j, const Path& at, size_t max, bool non_empty, std::string& out) {
        if (!j.is_string()) return fail(at, "expected a string");
        std::string_view s = j.str();
        if (s.size() > max) return fail(at, "too long (" + std::to_string(s.size()) + " bytes, at most " + std::to_string(max) + ")");
        if (non_empty && s.empty()) return fail(at, "must not be empty");
        out.assign(s.data(), s.size());
        return true;
    }
    bool text(const json& obj, const Path& at, Key k, size_t max, Need need, std::string& out) {
        json j = member(obj, at, k, need != Need::Optional);
        if (!j) return need == Need::Optional;
        return text(j, Path{&at, k.str}, max, need == Need::NonEmpty, out);
    }

    // An id: non-empty, without control characters. Ids are keys of the browser's storage and are
    // written there one per line (web/storage.js), so a newline inside one would split a record.
    bool id(const json& obj, const Path& at, std::string& out) {
        if (!text(obj, at, "id", kMaxShortText, Need::NonEmpty, out)) return false;
        for (char ch : out)
            if ((unsigned char)ch < 0x20 || ch == 0x7f) return fail(Path{&at, "id"}, "must not contain control characters");
        return true;
    }

    // Integers only: 12.5 and "12" are refused rather than rounded or converted.
    bool integer(const json& obj, const Path& at, Key k, int64_t lo, int64_t hi, int64_t& out) {
        json j = member(obj, at, k, true);
        if (!j) return false;
        Path here{&at, k.str};
        bool in_range;
        if (j.is_unsigned()) {
            in_range = j.unsigned_integer() <= static_cast<uint64_t>(hi);
            out = in_range ? static_cast<int64_t>(j.unsigned_integer()) : hi;
        } else if (j.is_integer()) {
            out = j.integer();
            in_range = out >= lo && out <= hi;
        } else {
            return fail(here, "expected an integer");
        }
        if (in_range) return true;
        if (lo == 0 && out < 0) return fail(here, "must not be negative");
        return fail(here, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    bool integer(const json& obj, const Path& at, Key k, int64_t lo, int64_t hi, int& out) {
        int64_t v = 0;
        if (!integer(obj, at, k, lo, hi, v)) return false;
        out = static_cast<int>(v);
        return true;
    }

    // A UTC time; with `nullable`, null (or, when `need` is Optional, absence) means 0.
    bool time(const json& obj, const Path& at, Key k, Need need, bool nullable, Time& out) {
        json j = member(obj, at, k, need != Need::Optional);
        if (!j) return need == Need::Optional;
        if (nullable && j.is_null()) { out = 0; return true; }
        if (j.is_string() && parse_iso_time(j.str(), out)) return true;
        return fail(Path{&at, k.str}, std::string("expected a UTC time like \"2026-11-22T16:48:06Z\"") + (nullable ? " or null" : ""));
    }

    // kMaxStringBytes holds everywhere, also in members this version does not know. The parser
    // knows the longest string of a document, so the walk (in nlohmann's key order, which decides
    // which of several long strings is named) runs only when one is too long.
    bool strings_fit(const jsonv::Doc& doc, const json& j, const Path& at) {
        return doc.longest <= kMaxStringBytes || strings_fit(j, at);
    }
    bool strings_fit(const json& j, const Path& at) {
        if (j.is_string()) {
            if (j.str().size() <= kMaxStringBytes) return true;
            return fail(at, "too long (" + std::to_string(j.str().size()) + " bytes, at most " + std::to_string(kMaxStringBytes) + ")");
        }
        if (j.is_array()) {
            size_t i = 0;
            for (json v : j)
                if (!strings_fit(v, Path{&at, nullptr, i++})) return false;
        } else if (j.is_object()) {
            for (json v : j.members()) {
                std::string k(v.key());
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
    json f = c.member(root, top, "format", false);
    if (!f || !f.is_string() || f.str() != format)
        return c.fail(Path{&top, "format"}, std::string("expected \"") + format + "\"");
    json v = c.member(root, top, "version", true);
    if (!v) return false;
    Path at{&top, "version"};
    if (!v.is_integer()) return c.fail(at, "expected an integer");
    if (v.is_unsigned() && v.unsigned_integer() > static_cast<uint64_t>(supported))
        return c.fail(Path{}, "This file was written by a newer Kariz (version " + std::to_string(v.unsigned_integer()) +
                                  "); this one reads up to version " + std::to_string(supported) + ".");
    int64_t number = v.integer();
    if (number < oldest) return c.fail(at, "unknown version " + std::to_string(number));
    version = static_cast<int>(number);
    return true;
}

// Qualification, activities, next step, priority, disqualification: all optional, so files
// written before these fields existed read as they are.
bool read_selling_method(Checker& c, const json& j, const Path& at, Deal& d) {
    if (!c.text(j, at, "framework_id", kMaxShortText, Need::Optional, d.framework_id) ||
        !c.text(j, at, "dq_reason", kMaxShortText, Need::Optional, d.dq_reason) ||
        !c.text(j, at, "dq_note", kMaxNotes, Need::Optional, d.dq_note))
        return false;
    if (j.contains("priority") && !c.integer(j, at, "priority", 0, 2, d.priority)) return false;
    if (json arr = c.member(j, at, "criteria", false)) {
        Path ap{&at, "criteria"};
        if (!c.array(arr, ap)) return false;
        if (arr.size() > 50) return c.fail(ap, "too many entries (at most 50)");
        for (size_t i = 0; i < arr.size(); ++i) {
            Path ep{&ap, nullptr, i};
            CriterionAnswer a;
            std::string state;
            if (!c.object(arr[i], ep) || !c.id(arr[i], ep, a.id) ||
                !c.text(arr[i], ep, "state", kMaxShortText, Need::Required, state) ||
                !c.text(arr[i], ep, "note", kMaxNotes, Need::Optional, a.note))
                return false;
            if (!parse_criterion_state(state, a.state)) return c.fail(Path{&ep, "state"}, "expected \"unknown\", \"met\" or \"not_met\"");
            d.criteria.push_back(std::move(a));
        }
    }
    if (json arr = c.member(j, at, "activities", false)) {
        Path ap{&at, "activities"};
        if (!c.array(arr, ap)) return false;
        if (arr.size() > 5000) return c.fail(ap, "too many entries (at most 5000)");
        for (size_t i = 0; i < arr.size(); ++i) {
            const json& v = arr[i];
            Path ep{&ap, nullptr, i};
            Activity a;
            std::string kind, direction;
            if (!c.object(v, ep) || !c.id(v, ep, a.id) ||
                !c.text(v, ep, "kind", kMaxShortText, Need::Required, kind) ||
                !c.text(v, ep, "direction", kMaxShortText, Need::Required, direction) || !c.time(v, ep, "at", Need::Required, false, a.at) ||
                !c.text(v, ep, "note", kMaxNotes, Need::Optional, a.note))
                return false;
            if (!parse_activity_kind(kind, a.kind)) return c.fail(Path{&ep, "kind"}, "expected call, email, meeting, message or note");
            if (direction != "out" && direction != "in") return c.fail(Path{&ep, "direction"}, "expected \"out\" or \"in\"");
            a.outgoing = direction == "out";
            json answered = c.member(v, ep, "answered", false);
            if (answered && !answered.is_boolean()) return c.fail(Path{&ep, "answered"}, "expected true or false");
            a.answered = answered ? answered.boolean() : !a.outgoing;
            d.activities.push_back(std::move(a));
        }
    }
    if (json next = c.member(j, at, "next", false); next && !next.is_null()) {
        Path np{&at, "next"};
        std::string kind;
        if (!c.object(next, np) || !c.text(next, np, "kind", kMaxShortText, Need::Required, kind) ||
            !c.time(next, np, "due", Need::Required, false, d.next.due) || !c.text(next, np, "note", kMaxNotes, Need::Optional, d.next.note))
            return false;
        if (!parse_activity_kind(kind, d.next.kind)) return c.fail(Path{&np, "kind"}, "expected call, email, meeting, message or note");
    }
    return true;
}

// "rev", "seen", "stamps" (core/merge.h): optional; version-1 files have none (seen nothing).
bool read_sync(Checker& c, const json& j, const Path& at, Sync& s) {
    if (json rev = c.member(j, at, "rev", false)) {
        Path rp{&at, "rev"};
        if (!c.object(rev, rp) || !c.text(rev, rp, "device", 64, Need::NonEmpty, s.rev.device) ||
            !c.integer(rev, rp, "counter", 1, kMaxCounter, s.rev.counter) || !c.time(rev, rp, "time", Need::Required, false, s.rev.time))
            return false;
    }
    if (json seen = c.member(j, at, "seen", false)) {
        Path sp{&at, "seen"};
        if (!c.object(seen, sp)) return false;
        if (seen.size() > 1000) return c.fail(sp, "too many devices (at most 1000)");
        for (json n : seen.members()) {  // in name order, as nlohmann listed them
            std::string device(n.key());
            Path dp{&sp, device.c_str()};
            if (device.empty() || device.size() > 64) return c.fail(dp, "a device id has 1 to 64 characters");
            if (!n.is_integer() || n.integer() < 1 || n.integer() > kMaxCounter)
                return c.fail(dp, "expected a counter between 1 and " + std::to_string(kMaxCounter));
            seen_raise(s.seen, device, n.integer());
        }
    }
    if (json stamps = c.member(j, at, "stamps", false)) {
        Path sp{&at, "stamps"};
        if (!c.object(stamps, sp)) return false;
        if (stamps.size() > 100) return c.fail(sp, "too many fields (at most 100)");
        for (json v : stamps.members()) {
            std::string field(v.key());
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
    if (!c.id(j, at, d.id) || !c.text(j, at, "title", kMaxTitle, Need::NonEmpty, d.title) ||
        !c.text(j, at, "organization", kMaxShortText, Need::Optional, d.organization))
        return false;
    if (json contact = c.member(j, at, "contact", false)) {
        Path cp{&at, "contact"};
        if (!c.object(contact, cp) || !c.text(contact, cp, "name", kMaxShortText, Need::Required, d.contact.name) ||
            !c.text(contact, cp, "email", kMaxShortText, Need::Required, d.contact.email) ||
            !c.text(contact, cp, "phone", kMaxShortText, Need::Required, d.contact.phone))
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
    if (json labels = c.member(j, at, "labels", false)) {
        Path lp{&at, "labels"};
        if (!c.array(labels, lp)) return false;
        if (labels.size() > kMaxLabels)
            return c.fail(lp, "too many labels (" + std::to_string(labels.size()) + ", at most " + std::to_string(kMaxLabels) + ")");
        d.labels.resize(labels.size());
        for (size_t i = 0; i < labels.size(); ++i)
            if (!c.text(labels[i], Path{&lp, nullptr, i}, kMaxShortText, true, d.labels[i])) return false;
    }
    if (!c.text(j, at, "expected_close", kMaxShortText, Need::Optional, d.expected_close)) return false;
    if (!d.expected_close.empty() && !is_valid_date(d.expected_close))
        return c.fail(Path{&at, "expected_close"}, "expected a date YYYY-MM-DD or \"\"");
    if (!c.text(j, at, "notes", kMaxNotes, Need::Optional, d.notes) || !c.time(j, at, "created_at", Need::Required, false, d.created_at) ||
        !c.time(j, at, "updated_at", Need::Required, false, d.updated_at) ||
        !c.time(j, at, "stage_entered_at", Need::Required, false, d.stage_entered_at) ||
        !c.time(j, at, "closed_at", Need::Optional, true, d.closed_at))
        return false;
    json history = c.member(j, at, "history", false);
    if (!history) {
        d.history.push_back({d.stage_id, d.stage_entered_at, 0, "", false, {}});  // files written by hand or by older tools
    } else {
        Path hp{&at, "history"};
        if (!c.array(history, hp)) return false;
        if (history.size() > kMaxHistory)
            return c.fail(hp, "too many entries (" + std::to_string(history.size()) + ", at most " + std::to_string(kMaxHistory) + ")");
        d.history.resize(history.size());
        for (size_t i = 0; i < history.size(); ++i) {
            const json& v = history[i];
            Path vp{&hp, nullptr, i};
            StageVisit& visit = d.history[i];
            // The stage may have been deleted since: only the shape is checked, not that it exists.
            if (!c.object(v, vp) || !c.text(v, vp, "stage_id", kMaxShortText, Need::NonEmpty, visit.stage_id) ||
                !c.time(v, vp, "entered", Need::Required, false, visit.entered) || !c.time(v, vp, "left", Need::Required, true, visit.left) ||
                !c.text(v, vp, "justification", kMaxNotes, Need::Optional, visit.justification))
                return false;
            if (json known = c.member(v, vp, "known", false)) {  // optional (reports' knowledge by stage)
                Path kp{&vp, "known"};
                if (!c.array(known, kp)) return false;
                if (known.size() > 100) return c.fail(kp, "too many entries (at most 100)");
                visit.known_recorded = true;
                visit.known.resize(known.size());
                for (size_t k = 0; k < known.size(); ++k)
                    if (!c.text(known[k], Path{&kp, nullptr, k}, kMaxShortText, true, visit.known[k])) return false;
            }
        }
    }
    if (!read_selling_method(c, j, at, d) || !read_sync(c, j, at, d.sync)) return false;
    std::string scoring_error;
    if (!read_deal_scoring(j, d, scoring_error)) return c.fail(at, scoring_error);
    return true;
}

bool read_settings(Checker& c, const json& root, const Path& top, Settings& s) {
    json j = c.member(root, top, "settings", true);
    Path at{&top, "settings"};
    if (!j || !c.object(j, at) || !c.text(j, at, "default_currency", kMaxShortText, Need::Required, s.default_currency)) return false;
    if (!is_currency_code(s.default_currency)) return c.fail(Path{&at, "default_currency"}, "expected a three-letter currency code like \"EUR\"");
    if (j.contains("gone_dark_touches") && !c.integer(j, at, "gone_dark_touches", 1, 100, s.gone_dark_touches)) return false;
    if (json rates = c.member(j, at, "exchange_rates", false)) {
        Path rp{&at, "exchange_rates"};
        if (!c.array(rates, rp)) return false;
        if (rates.size() > 200) return c.fail(rp, "too many entries (at most 200)");
        for (size_t i = 0; i < rates.size(); ++i) {
            Path ep{&rp, nullptr, i};
            ExchangeRate r;
            if (!c.object(rates[i], ep) || !c.text(rates[i], ep, "currency", kMaxShortText, Need::Required, r.currency) ||
                !c.integer(rates[i], ep, "per_million", 1, kMaxValue, r.per_million))
                return false;
            if (!is_currency_code(r.currency)) return c.fail(Path{&ep, "currency"}, "expected a three-letter currency code like \"EUR\"");
            s.exchange_rates.push_back(std::move(r));
        }
    }
    std::string assign_mode;
    if (!c.text(j, at, "assign_mode", kMaxShortText, Need::Optional, assign_mode) ||
        !c.text(j, at, "assign_user_id", kMaxShortText, Need::Optional, s.assign_user_id) ||
        !c.text(j, at, "assign_last_id", kMaxShortText, Need::Optional, s.assign_last_id))
        return false;
    if (!assign_mode.empty() && !parse_assign_mode(assign_mode, s.assign_mode))
        return c.fail(Path{&at, "assign_mode"}, "expected \"none\", \"fixed\" or \"round_robin\"");
    if (!(c.text(j, at, "current_user_id", kMaxShortText, Need::Optional, s.current_user_id) &&
          c.text(j, at, "company_name", kMaxShortText, Need::Optional, s.company_name) &&
          c.text(j, at, "goodbye_template", kMaxNotes, Need::Optional, s.goodbye_template) &&
          c.text(j, at, "dq_criteria", kMaxNotes, Need::Optional, s.dq_criteria) && read_sync(c, j, at, s.sync)))
        return false;
    std::string scoring_error;
    if (!read_settings_scoring(j, s, scoring_error)) return c.fail(at, scoring_error);
    return true;
}

bool read_users(Checker& c, const json& root, const Path& top, std::vector<User>& users) {
    json arr = c.member(root, top, "users", true);
    Path at{&top, "users"};
    if (!arr || !c.array(arr, at)) return false;
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr.size(); ++i) {
        const json& j = arr[i];
        Path up{&at, nullptr, i};
        User u;
        std::string role;
        if (!c.object(j, up) || !c.id(j, up, u.id) ||
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
    if (!(c.object(j, at) && (!with_id || c.id(j, at, s.id)) &&
          c.text(j, at, "name", kMaxShortText, Need::NonEmpty, s.name) && c.integer(j, at, "probability", 0, 100, s.probability) &&
          c.integer(j, at, "rotting_days", 0, kMaxRottingDays, s.rotting_days)))
        return false;
    if (json arr = c.member(j, at, "exit_criteria", false)) {
        Path ep{&at, "exit_criteria"};
        if (!c.array(arr, ep)) return false;
        if (arr.size() > 50) return c.fail(ep, "too many entries (at most 50)");
        s.exit_criteria.resize(arr.size());
        for (size_t i = 0; i < arr.size(); ++i)
            if (!c.text(arr[i], Path{&ep, nullptr, i}, kMaxShortText, true, s.exit_criteria[i])) return false;
    }
    if (json f = c.member(j, at, "follow_up_next_day", false)) {
        if (!f.is_boolean()) return c.fail(Path{&at, "follow_up_next_day"}, "expected true or false");
        s.follow_up_next_day = f.boolean();
    }
    return true;
}

bool read_pipelines(Checker& c, const json& root, const Path& top, std::vector<Pipeline>& pipelines) {
    json arr = c.member(root, top, "pipelines", true);
    Path at{&top, "pipelines"};
    if (!arr || !c.array(arr, at)) return false;
    if ((arr.size() == 0)) return c.fail(at, "at least one pipeline is needed");
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr.size(); ++i) {
        const json& j = arr[i];
        Path pp{&at, nullptr, i};
        Pipeline p;
        if (!c.object(j, pp) || !c.id(j, pp, p.id) ||
            !c.text(j, pp, "name", kMaxShortText, Need::NonEmpty, p.name))
            return false;
        if (!ids.insert(p.id).second) return c.fail(Path{&pp, "id"}, "duplicate id \"" + p.id + "\"");
        if (j.contains("framework_id") && !c.text(j, pp, "framework_id", kMaxShortText, Need::NonEmpty, p.framework_id)) return false;
        if (!read_sync(c, j, pp, p.sync)) return false;
        json stages = c.member(j, pp, "stages", true);
        Path sp{&pp, "stages"};
        if (!stages || !c.array(stages, sp)) return false;
        if ((stages.size() == 0)) return c.fail(sp, "at least one stage is needed");
        std::unordered_set<std::string> stage_ids;
        p.stages.resize(stages.size());
        for (size_t k = 0; k < stages.size(); ++k) {
            Path st{&sp, nullptr, k};
            if (!read_stage(c, stages[k], st, true, p.stages[k])) return false;
            if (!stage_ids.insert(p.stages[k].id).second) return c.fail(Path{&st, "id"}, "duplicate id \"" + p.stages[k].id + "\"");
        }
        pipelines.push_back(std::move(p));
    }
    return true;
}

// Who exported the file, from which device, and which part of the workspace (version 2).
bool read_export_info(Checker& c, const json& root, const Path& top, SnapshotSummary& s) {
    if (json e = c.member(root, top, "exporter", false)) {
        Path ep{&top, "exporter"};
        Time t = 0;
        if (!c.object(e, ep) || !c.text(e, ep, "user_id", kMaxShortText, Need::Optional, s.exporter_user_id) ||
            !c.text(e, ep, "user_name", kMaxShortText, Need::Optional, s.exporter_user_name) ||
            !c.text(e, ep, "device", 64, Need::Optional, s.exporter_device) || !c.time(e, ep, "time", Need::Optional, false, t))
            return false;
    }
    if (json sc = c.member(root, top, "scope", false)) {
        Path sp{&top, "scope"};
        if (!c.object(sc, sp) || !c.text(sc, sp, "kind", kMaxShortText, Need::Required, s.scope) ||
            !c.text(sc, sp, "id", kMaxShortText, Need::Optional, s.scope_id) || !c.text(sc, sp, "name", kMaxShortText, Need::Optional, s.scope_name))
            return false;
        if (s.scope != "workspace" && s.scope != "pipeline" && s.scope != "owner" && s.scope != "selection")
            return c.fail(Path{&sp, "kind"}, "expected \"workspace\", \"pipeline\", \"owner\" or \"selection\"");
    }
    return true;
}

bool read_tombstones(Checker& c, const json& root, const Path& top, std::vector<Tombstone>& out) {
    json arr = c.member(root, top, "tombstones", false);
    if (!arr) return true;
    Path at{&top, "tombstones"};
    if (!c.array(arr, at)) return false;
    if (arr.size() > kMaxDeals) return c.fail(at, "too many entries");
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr.size(); ++i) {
        Path tp{&at, nullptr, i};
        Tombstone t;
        Sync s;
        if (!c.object(arr[i], tp) || !c.id(arr[i], tp, t.id) || !read_sync(c, arr[i], tp, s))
            return false;
        if (!ids.insert(t.id).second) return c.fail(Path{&tp, "id"}, "duplicate id \"" + t.id + "\"");
        t.rev = s.rev;
        t.seen = std::move(s.seen);
        out.push_back(std::move(t));
    }
    return true;
}

// Ids unique, and every deal points at a pipeline, a stage of it, and an owner that exist.
// The id check fills ws.deal_index: it needs a table of the ids anyway, and the index is then
// built once for read_snapshot and Store::load together.
bool check_references(Checker& c, Workspace& ws, const Path& deals_path) {
    std::unordered_set<std::string_view> users;
    for (const User& u : ws.users) users.insert(u.id);
    std::unordered_map<std::string_view, std::unordered_set<std::string_view>> stages;  // pipeline -> stage ids
    for (const Pipeline& p : ws.pipelines)
        for (const Stage& s : p.stages) stages[p.id].insert(s.id);
    const std::string& me = ws.settings.current_user_id;
    if (!me.empty() && !users.count(me)) return c.fail(Path{}, "settings.current_user_id: no user \"" + me + "\"");
    const std::string& fixed = ws.settings.assign_user_id;
    if (!fixed.empty() && !users.count(fixed)) return c.fail(Path{}, "settings.assign_user_id: no user \"" + fixed + "\"");
    ws.deal_index.clear();
    ws.deal_index.reserve(ws.deals.size() * 2);  // as Workspace::rebuild_index
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        const Deal& d = ws.deals[i];
        Path at{&deals_path, nullptr, i};
        if (!ws.deal_index.emplace(d.id, i).second) return c.fail(Path{&at, "id"}, "duplicate id \"" + d.id + "\"");
        auto p = stages.find(d.pipeline_id);
        if (p == stages.end()) return c.fail(Path{&at, "pipeline_id"}, "no pipeline \"" + d.pipeline_id + "\"");
        if (!p->second.count(d.stage_id))
            return c.fail(Path{&at, "stage_id"}, "no stage \"" + d.stage_id + "\" in pipeline \"" + d.pipeline_id + "\"");
        if (!d.owner_id.empty() && !users.count(d.owner_id)) return c.fail(Path{&at, "owner_id"}, "no user \"" + d.owner_id + "\"");
    }
    return true;
}

// Room for one more deal in `deals`, whose final number is known only at the end of the array.
// Growing by doubling moved every deal about twice (Deal's move constructor was ~11 ms of a 10k
// load in the browser profile), so when the vector is full it grows to the number of deals the
// whole text would hold at the average size of those read so far (from the end of the first one,
// `first_end`, to the end of the last one, `read`), plus 1/16. It grows by half at least, and to
// at most 128 times the deals read so far, so a file of a few small deals and a huge one does not
// reserve room for a million: 16, 2,048, then all of them (~2,000 deals moved at 10k or 100k).
// Without a `total` (a snapshot in pieces, whose later batches are still being read) it only grows
// by half: SnapshotPieces reserves from its hint up front, so this is for a wrong hint.
void make_room(std::vector<Deal>& deals, size_t first_end, size_t read, size_t total) {
    const size_t n = deals.size();
    if (n < deals.capacity()) return;
    size_t want = n + n / 2 + 16;
    if (n >= 16 && read > first_end && total > 0) {
        const double average = double(read - first_end) / double(n);  // bytes per deal after the first
        const size_t estimate = size_t(double(total) / average * 17 / 16);
        want = std::max(want, std::min(estimate, 128 * n));
    }
    deals.reserve(std::min(want, kMaxDeals));
}

}  // namespace

// ---------------------------------------------------------------- the steps (snapshot_read.h)

bool snapshot_fits(size_t bytes, std::string& error) {
    if (bytes <= kMaxSnapshotBytes) return true;
    const size_t mb = 1024 * 1024;
    error = "file is too large (" + std::to_string((bytes + mb - 1) / mb) + " MB, at most " + std::to_string(kMaxSnapshotBytes / mb) +
            " MB)";
    return false;
}

std::string not_json_message(const jsonv::ParseError& e, std::string_view text, size_t from, const std::string& what) {
    if (e.too_deep) return what + " is nested too deeply (more than " + std::to_string(kMaxJsonDepth) + " levels)";
    if (e.at_end) return what + " is not valid JSON: it ends too early (is it cut off?)";
    const size_t offset = std::min(std::max(e.offset, from), text.size());
    size_t line = 1, line_start = from;
    for (size_t i = from; i < offset; ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
    return what + " is not valid JSON (line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) +
           (e.reason.empty() ? ")" : "): " + e.reason);
}

bool parse_json_text(std::string_view text, jsonv::Parser& parser, jsonv::Doc& doc, std::string& error) {
    if (!snapshot_fits(text.size(), error)) return false;
    parser.max_depth = kMaxJsonDepth;
    if (parser.parse(text, doc)) return true;
    error = not_json_message(parser.error, text, 0, "file");
    return false;
}

bool read_snapshot_top(const jsonv::Doc& doc, int deals_fields, Workspace& ws, SnapshotSummary& head, std::string& error) {
    Checker c;
    const Path top;
    const Path deals_path{&top, "deals"};
    const json root = doc.root();
    int version = 0;
    std::string exported_at;
    Time ignored = 0;
    json deals;
    SnapshotSummary info;
    if (!check_header(c, root, "kariz.snapshot", kSnapshotVersion, version, 1) || !read_settings(c, root, top, ws.settings) ||
        !read_users(c, root, top, ws.users) || !read_pipelines(c, root, top, ws.pipelines) ||
        !c.text(root, top, "exported_at", kMaxShortText, Need::Optional, exported_at) ||
        (!exported_at.empty() && !c.time(root, top, "exported_at", Need::Required, false, ignored)) ||
        !(deals = c.member(root, top, "deals", true)) || !c.array(deals, deals_path) || !c.strings_fit(doc, root, top) ||
        !read_export_info(c, root, top, info) || !read_tombstones(c, root, top, ws.tombstones)) {
        error = std::move(c.error);
        return false;
    }
    // A second "deals" would otherwise add its deals to the first one's without a word.
    if (deals_fields > 1) {
        error = "deals: the field appears more than once";
        return false;
    }
    head = std::move(info);
    head.version = version;
    head.exported_at = std::move(exported_at);
    return true;
}

bool read_snapshot_deal(const jsonv::Doc& deal, size_t index, std::vector<Deal>& deals, size_t first_end, size_t read,
                        size_t total, std::string& error) {
    if (index >= kMaxDeals) {
        error = "deals: too many deals (more than " + std::to_string(kMaxDeals) + ")";
        return false;
    }
    make_room(deals, first_end, read, total);
    Deal& d = deals.emplace_back();  // read in place: no move per deal
    Checker c;
    const Path top;
    const Path deals_path{&top, "deals"};
    const Path at{&deals_path, nullptr, index};
    if (read_deal(c, deal.root(), at, d) && c.strings_fit(deal, deal.root(), at)) return true;
    deals.pop_back();
    error = std::move(c.error);
    return false;
}

bool read_stored_deal(std::string_view record, size_t index, std::vector<Deal>& deals, std::string& error) {
    if (index >= kMaxDeals) {
        error = "deals: too many deals (more than " + std::to_string(kMaxDeals) + ")";
        return false;
    }
    make_room(deals, 0, 0, 0);
    std::string problem;
    if (read_deal_record(record, deals.emplace_back(), problem)) return true;
    deals.pop_back();
    error = "deals[" + std::to_string(index) + "] (a stored record): " + problem;
    return false;
}

bool read_snapshot_end(Workspace& ws, const SnapshotSummary& head, Workspace& out, SnapshotSummary* summary, std::string& error) {
    Checker c;
    const Path top;
    const Path deals_path{&top, "deals"};
    if (!check_references(c, ws, deals_path)) {
        error = std::move(c.error);
        return false;
    }
    if (summary) {
        *summary = head;
        summary->pipelines = ws.pipelines.size();
        summary->users = ws.users.size();
        summary->deals = ws.deals.size();
        summary->open_deals = 0;
        for (const Deal& d : ws.deals) summary->open_deals += d.status == DealStatus::Open;
    }
    // make_room overshoots only on odd files (small deals first, then large ones), SnapshotPieces
    // when its hint was too large: give the rest back.
    if (ws.deals.capacity() - ws.deals.size() > ws.deals.size() / 4) ws.deals.shrink_to_fit();
    out = std::move(ws);  // deal_index included (check_references)
    return true;
}

// ---------------------------------------------------------------- the whole text

bool read_snapshot(std::string_view text, Workspace& out, std::string& error, SnapshotSummary* summary) {
    Workspace ws;
    std::string deal_error;  // the first bad deal; reported after the top-level checks
    size_t first_end = 0;    // where the first deal ends in the text (make_room)
    jsonv::Parser parser;
    jsonv::Doc doc;
    parser.stream_key = "deals";
    parser.on_stream = [&](const jsonv::Doc& deal, size_t i) {
        if (!deal_error.empty()) return;  // keep parsing (a newer version must still be recognised), skip work
        if (i == 0) first_end = parser.stream_end;
        read_snapshot_deal(deal, i, ws.deals, first_end, parser.stream_end, text.size(), deal_error);
    };
    if (!parse_json_text(text, parser, doc, error)) return false;
    SnapshotSummary head;
    if (!read_snapshot_top(doc, parser.stream_keys, ws, head, error)) return false;
    if (!deal_error.empty()) {
        error = deal_error;
        return false;
    }
    return read_snapshot_end(ws, head, out, summary, error);
}

bool read_pipeline_templates(const std::string& text, std::vector<PipelineTemplate>& out, std::string& error) {
    jsonv::Parser parser;
    jsonv::Doc doc;
    if (!parse_json_text(text, parser, doc, error)) return false;
    Checker c;
    const Path top;
    const json root = doc.root();
    int version = 0;
    json arr;
    Path at{&top, "templates"};
    if (!check_header(c, root, "kariz.pipeline-templates", kTemplatesVersion, version) || !(arr = c.member(root, top, "templates", true)) ||
        !c.array(arr, at) || !c.strings_fit(doc, root, top)) {
        error = c.error;
        return false;
    }
    std::vector<PipelineTemplate> result(arr.size());
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < arr.size(); ++i) {
        const json& j = arr[i];
        Path tp{&at, nullptr, i};
        PipelineTemplate& t = result[i];
        json stages;
        Path sp{&tp, "stages"};
        if (!c.object(j, tp) || !c.id(j, tp, t.id) ||
            !c.text(j, tp, "name", kMaxShortText, Need::NonEmpty, t.name) ||
            !c.text(j, tp, "description", kMaxNotes, Need::Optional, t.description) || !(stages = c.member(j, tp, "stages", true)) ||
            !c.array(stages, sp)) {
            error = c.error;
            return false;
        }
        if (!ids.insert(t.id).second) {
            error = tp.str() + ".id: duplicate id \"" + t.id + "\"";
            return false;
        }
        if (json def = c.member(j, tp, "default", false)) {
            if (!def.is_boolean()) {
                error = tp.str() + ".default: expected true or false";
                return false;
            }
            t.is_default = def.boolean();
        }
        t.stages.resize(stages.size());
        for (size_t k = 0; k < stages.size(); ++k) {
            if (!read_stage(c, stages[k], Path{&sp, nullptr, k}, false, t.stages[k])) {
                error = c.error;
                return false;
            }
        }
    }
    out = std::move(result);
    return true;
}

}  // namespace kariz
