// Snapshot JSON writer (format described in snapshot.h; the reader is core/snapshot_read.cpp).
//
// Writing concatenates text by hand: key order must be fixed ("deals" last, so storage can split the
// head from the deals) and 100k deals must not go through a JSON tree.
#include "snapshot.h"

#include <nlohmann/json.hpp>

#include "dates.h"
#include "assignment.h"
#include "roles.h"
#include "snapshot_selling.h"

namespace kariz {
namespace {

using json = nlohmann::json;

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

}  // namespace kariz
