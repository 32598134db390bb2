// Binary deal records for the browser's storage (format and why: deal_record.h).
//
// walk_deal lists every field of a Deal once, in record order, with the limits the snapshot reader
// (core/snapshot_read.cpp) holds it to. The Writer writes each field and ignores the limits; the
// Reader reads each field and checks them. Writing and reading therefore cannot disagree about
// the order, and a field added to Deal must be added here once (tests/unit/test_deal_record.cpp
// notices a Deal that grew).
#include "deal_record.h"

#include <algorithm>
#include <cstring>

#include "bidi.h"      // is_valid_utf8
#include "dates.h"     // is_iso_time_range, is_valid_date
#include "money.h"     // is_currency_code
#include "reduce.h"    // kMaxTitle, kMaxShortText, kMaxNotes, kMaxLabels, kMaxValue
#include "scoring.h"   // validate_deal_fit
#include "snapshot.h"  // kMaxHistory, kMaxStringBytes

namespace kariz {
namespace {

// What a string may hold. `id`: also no control characters (ids are storage keys, see
// Checker::id in snapshot_read.cpp).
struct TextRule {
    size_t max;
    bool non_empty;
    bool id;
};
constexpr TextRule kId{kMaxShortText, true, true};
constexpr TextRule kShort{kMaxShortText, false, false};
constexpr TextRule kShortNonEmpty{kMaxShortText, true, false};
constexpr TextRule kTitle{kMaxTitle, true, false};
constexpr TextRule kNotes{kMaxNotes, false, false};
constexpr TextRule kAnyText{kMaxStringBytes, false, false};  // checked afterwards (validate_deal_fit)
constexpr TextRule kDevice{64, false, false};
constexpr TextRule kDeviceNonEmpty{64, true, false};

// The snapshot reader's limits on lists that reduce.h does not name.
constexpr size_t kMaxKnown = 100, kMaxCriteria = 50, kMaxActivities = 5000, kMaxSeen = 1000, kMaxStamps = 100;
constexpr int64_t kMaxCount = INT64_MAX;  // employees and revenue: validate_deal_fit has their ranges

template <class F, class D>
bool walk_deal(F& f, D& d) {
    auto stage_visit = [&f](auto& v) {
        return f.text("history.stage_id", v.stage_id, kShortNonEmpty) && f.time("history.entered", v.entered) &&
               f.time("history.left", v.left) && f.text("history.justification", v.justification, kNotes) &&
               f.flag("history.known_recorded", v.known_recorded) &&
               f.list("history.known", v.known, kMaxKnown, [&f](auto& k) { return f.text("history.known", k, kShortNonEmpty); });
    };
    auto criterion = [&f](auto& a) {
        return f.text("criteria.id", a.id, kId) && f.choice("criteria.state", a.state, 3) && f.text("criteria.note", a.note, kNotes);
    };
    auto activity = [&f](auto& a) {
        return f.text("activities.id", a.id, kId) && f.choice("activities.kind", a.kind, 5) &&
               f.flag("activities.outgoing", a.outgoing) && f.flag("activities.answered", a.answered) &&
               f.time("activities.at", a.at) && f.text("activities.note", a.note, kNotes);
    };
    auto seen = [&f](auto& s) {
        return f.text("sync.seen", s.first, kDeviceNonEmpty) && f.integer("sync.seen", s.second, 1, kMaxCounter);
    };
    auto stamp = [&f](auto& s) {
        return f.text("sync.stamps", s.field, kDeviceNonEmpty) && f.text("sync.stamps.device", s.device, kDeviceNonEmpty) &&
               f.integer("sync.stamps.counter", s.counter, 1, kMaxCounter);
    };
    return f.text("id", d.id, kId) && f.text("title", d.title, kTitle) && f.text("organization", d.organization, kShort) &&
           f.text("contact.name", d.contact.name, kShort) && f.text("contact.email", d.contact.email, kShort) &&
           f.text("contact.phone", d.contact.phone, kShort) && f.integer("value", d.value, 0, kMaxValue) &&
           f.text("currency", d.currency, kShort) && f.text("owner_id", d.owner_id, kShort) &&
           f.text("pipeline_id", d.pipeline_id, kShortNonEmpty) && f.text("stage_id", d.stage_id, kShortNonEmpty) &&
           f.choice("status", d.status, 4) && f.text("lost_reason", d.lost_reason, kShort) && f.choice("source", d.source, 2) &&
           f.list("labels", d.labels, kMaxLabels, [&f](auto& l) { return f.text("labels", l, kShortNonEmpty); }) &&
           f.text("expected_close", d.expected_close, kShort) && f.text("notes", d.notes, kNotes) &&
           f.time("created_at", d.created_at) && f.time("updated_at", d.updated_at) &&
           f.time("stage_entered_at", d.stage_entered_at) && f.time("closed_at", d.closed_at) &&
           f.list("history", d.history, kMaxHistory, stage_visit) && f.text("framework_id", d.framework_id, kShort) &&
           f.list("criteria", d.criteria, kMaxCriteria, criterion) && f.list("activities", d.activities, kMaxActivities, activity) &&
           f.choice("next.kind", d.next.kind, 5) && f.time("next.due", d.next.due) && f.text("next.note", d.next.note, kNotes) &&
           f.integer("priority", d.priority, 0, 2) && f.text("dq_reason", d.dq_reason, kShort) &&
           f.text("dq_note", d.dq_note, kNotes) && f.text("org.industry", d.org.industry, kAnyText) &&
           f.integer("org.employees", d.org.employees, 0, kMaxCount) && f.integer("org.revenue", d.org.revenue, 0, kMaxCount) &&
           f.text("org.revenue_currency", d.org.revenue_currency, kAnyText) && f.text("org.region", d.org.region, kAnyText) &&
           f.list("org.pain_points", d.org.pain_points, kMaxLabels, [&f](auto& p) { return f.text("org.pain_points", p, kAnyText); }) &&
           f.integer("win_probability", d.win_probability, -1, 100) && f.text("sync.rev.device", d.sync.rev.device, kDevice) &&
           f.integer("sync.rev.counter", d.sync.rev.counter, 0, kMaxCounter) && f.time("sync.rev.time", d.sync.rev.time) &&
           f.list("sync.seen", d.sync.seen, kMaxSeen, seen) && f.list("sync.stamps", d.sync.stamps, kMaxStamps, stamp);
}

struct Writer {
    std::string& o;

    void unsigned_number(uint64_t v) {
        while (v >= 0x80) {
            o += static_cast<char>(v | 0x80);
            v >>= 7;
        }
        o += static_cast<char>(v);
    }
    void signed_number(int64_t v) { unsigned_number((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }

    bool text(const char*, const std::string& s, TextRule) {
        unsigned_number(s.size());
        o += s;
        return true;
    }
    template <class T>
    bool integer(const char*, T v, int64_t, int64_t) {
        signed_number(v);
        return true;
    }
    bool time(const char*, Time t) {
        signed_number(t);
        return true;
    }
    bool flag(const char*, bool b) {
        o += static_cast<char>(b);
        return true;
    }
    template <class E>
    bool choice(const char*, E e, unsigned) {
        unsigned_number(static_cast<unsigned>(e));
        return true;
    }
    template <class T, class Each>
    bool list(const char*, const std::vector<T>& v, size_t, Each each) {
        unsigned_number(v.size());
        for (const T& x : v) each(x);
        return true;
    }
};

struct Reader {
    const unsigned char* p;
    const unsigned char* const e;
    std::string& error;

    bool fail(const char* field, const std::string& why) {
        error = std::string(field) + ": " + why;
        return false;
    }
    bool ended(const char* field) { return fail(field, "the record ends too early"); }

    bool unsigned_number(uint64_t& v) {
        v = 0;
        for (unsigned shift = 0; shift < 64 && p < e; shift += 7) {
            const unsigned char b = *p++;
            v |= static_cast<uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;  // ran out, or more than ten bytes
    }
    bool signed_number(int64_t& v) {
        uint64_t u;
        if (!unsigned_number(u)) return false;
        v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
        return true;
    }

    bool text(const char* field, std::string& s, TextRule rule) {
        uint64_t n;
        if (!unsigned_number(n) || n > static_cast<uint64_t>(e - p)) return ended(field);
        if (n > rule.max) return fail(field, "too long (" + std::to_string(n) + " bytes, at most " + std::to_string(rule.max) + ")");
        if (rule.non_empty && n == 0) return fail(field, "must not be empty");
        const char* c = reinterpret_cast<const char*>(p);
        if (!is_valid_utf8(c, n)) return fail(field, "not UTF-8 text");
        if (rule.id)
            for (size_t i = 0; i < n; ++i)
                if (p[i] < 0x20 || p[i] == 0x7F) return fail(field, "must not contain control characters");
        s.assign(c, n);
        p += n;
        return true;
    }
    template <class T>
    bool integer(const char* field, T& out, int64_t lo, int64_t hi) {
        int64_t v;
        if (!signed_number(v)) return ended(field);
        if (v < lo || v > hi) return fail(field, "expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
        out = static_cast<T>(v);
        return true;
    }
    bool time(const char* field, Time& t) {
        if (!signed_number(t)) return ended(field);
        return is_iso_time_range(t) || fail(field, "expected a time in the years 0000 to 9999");
    }
    bool flag(const char* field, bool& b) {
        if (p >= e) return ended(field);
        if (*p > 1) return fail(field, "expected 0 or 1");
        b = *p++ == 1;
        return true;
    }
    template <class E>
    bool choice(const char* field, E& out, unsigned count) {
        uint64_t v;
        if (!unsigned_number(v)) return ended(field);
        if (v >= count) return fail(field, "unknown value " + std::to_string(v));
        out = static_cast<E>(v);
        return true;
    }
    template <class T, class Each>
    bool list(const char* field, std::vector<T>& v, size_t max, Each each) {
        uint64_t n;
        // Every element takes at least a byte: a count larger than what is left is damage, and
        // must not allocate before that is noticed.
        if (!unsigned_number(n) || n > static_cast<uint64_t>(e - p)) return ended(field);
        if (n > max) return fail(field, "too many entries (" + std::to_string(n) + ", at most " + std::to_string(max) + ")");
        v.resize(n);
        for (T& x : v)
            if (!each(x)) return false;
        return true;
    }
};

// What the fields alone do not say: checked after reading, as the snapshot reader checks it.
bool deal_is_whole(const Deal& d, std::string& error) {
    auto fail = [&error](const char* field, const char* why) {
        error = std::string(field) + ": " + why;
        return false;
    };
    if (!is_currency_code(d.currency)) return fail("currency", "expected a three-letter currency code like \"EUR\"");
    if (!d.expected_close.empty() && !is_valid_date(d.expected_close)) return fail("expected_close", "expected a date YYYY-MM-DD or \"\"");
    if (d.sync.rev.counter > 0 && d.sync.rev.device.empty()) return fail("sync.rev.device", "must not be empty");
    // VersionVector is sorted by device, one entry each (revision.h): seen_* rely on it.
    for (size_t i = 1; i < d.sync.seen.size(); ++i)
        if (!(d.sync.seen[i - 1].first < d.sync.seen[i].first)) return fail("sync.seen", "devices out of order or repeated");
    std::string fit;
    if (!validate_deal_fit(d.org, d.win_probability, fit)) {
        error = fit;
        return false;
    }
    return true;
}

}  // namespace

void append_deal_record(std::string& out, const Deal& d) {
    out += '\0';
    out += static_cast<char>(kDealRecordVersion);
    Writer w{out};
    walk_deal(w, d);
}

bool read_deal_record(std::string_view bytes, Deal& out, std::string& error) {
    if (!is_deal_record(bytes) || bytes.size() < 2) {
        error = "not a stored deal record";
        return false;
    }
    if (static_cast<unsigned char>(bytes[1]) != kDealRecordVersion) {
        error = "a stored deal record of version " + std::to_string(static_cast<unsigned char>(bytes[1])) +
                ", which this version of Kariz does not read (it reads version " + std::to_string(kDealRecordVersion) + ")";
        return false;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    Reader r{b + 2, b + bytes.size(), error};
    if (!walk_deal(r, out) || !deal_is_whole(out, error)) return false;
    if (r.p != r.e) {
        error = "the record goes on after its last field";
        return false;
    }
    return true;
}

}  // namespace kariz
