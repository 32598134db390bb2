#include "snapshot_selling.h"
#include <cstdio>
#include <nlohmann/json.hpp>
#include "scoring.h"

namespace kariz {

using json = nlohmann::json;

static void str(std::string& o, const std::string& s) { o += json(s).dump(-1, ' ', false, json::error_handler_t::replace); }
static void key(std::string& o, const char* k) {
    if (o.back() != '{' && o.back() != '[') o += ',';
    o += '"';
    o += k;
    o += "\":";
}
static void num(std::string& o, const char* k, int64_t v) {
    key(o, k);
    o += std::to_string(v);
}
static void text(std::string& o, const char* k, const std::string& v) {
    key(o, k);
    str(o, v);
}
static void list(std::string& o, const char* k, const std::vector<std::string>& v) {
    key(o, k);
    o += '[';
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) o += ',';
        str(o, v[i]);
    }
    o += ']';
}

std::string colour_hex(uint32_t rgb) {
    char b[8];
    std::snprintf(b, sizeof b, "#%06X", (unsigned)(rgb & 0xFFFFFF));
    return b;
}

bool parse_colour_hex(const std::string& s, uint32_t& rgb) {
    if (s.size() != 7 || s[0] != '#') return false;
    uint32_t v = 0;
    for (size_t i = 1; i < 7; ++i) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return false;
        v = v * 16 + (uint32_t)d;
    }
    rgb = v;
    return true;
}

void put_deal_scoring(std::string& o, const Deal& d) {
    const OrgFacts& f = d.org;
    if (f != OrgFacts{}) {
        key(o, "org");
        o += '{';
        text(o, "industry", f.industry);
        num(o, "employees", f.employees);
        num(o, "revenue", f.revenue);
        text(o, "revenue_currency", f.revenue_currency);
        text(o, "region", f.region);
        list(o, "pain_points", f.pain_points);
        o += '}';
    }
    if (d.win_probability >= 0) num(o, "win_probability", d.win_probability);
}

// ---- reading: each helper leaves `out` alone when the member is absent

namespace {
using View = jsonv::Value;
struct Reader {
    std::string& error;
    std::string where;  // "org", "icp", ...
    bool fail(const char* k, const std::string& msg) {
        error = where + "." + k + ": " + msg;
        return false;
    }
    bool text(const View& obj, const char* k, std::string& out) {
        View it = obj.find(k);
        if (!it) return true;
        if (!it.is_string()) return fail(k, "expected a string");
        out = std::string(it.str());
        return true;
    }
    bool integer(const View& obj, const char* k, int64_t& out) {
        View it = obj.find(k);
        if (!it) return true;
        if (!it.is_integer()) return fail(k, "expected an integer");
        if (it.is_unsigned() && it.unsigned_integer() > (uint64_t)INT64_MAX) return fail(k, "too large");
        out = it.integer();
        return true;
    }
    bool integer(const View& obj, const char* k, int& out) {
        int64_t v = out;
        if (!integer(obj, k, v)) return false;
        if (v < -1000000000 || v > 1000000000) return fail(k, "out of range");
        out = (int)v;
        return true;
    }
    bool strings(const View& obj, const char* k, std::vector<std::string>& out) {
        View it = obj.find(k);
        if (!it) return true;
        if (!it.is_array()) return fail(k, "expected an array of strings");
        out.clear();
        for (View x : it) {
            if (!x.is_string()) return fail(k, "expected an array of strings");
            out.emplace_back(x.str());
        }
        return true;
    }
    View object(const View& parent, const char* k, bool& ok) {
        ok = true;
        View it = parent.find(k);
        if (!it) return {};
        if (!it.is_object()) {
            error = std::string(k) + ": expected an object";
            ok = false;
            return {};
        }
        where = k;
        return it;
    }
};
}  // namespace

bool read_deal_scoring(const View& j, Deal& d, std::string& error) {
    Reader r{error, ""};
    bool ok = true;
    if (View o = r.object(j, "org", ok)) {
        if (!r.text(o, "industry", d.org.industry) || !r.integer(o, "employees", d.org.employees) ||
            !r.integer(o, "revenue", d.org.revenue) || !r.text(o, "revenue_currency", d.org.revenue_currency) ||
            !r.text(o, "region", d.org.region) || !r.strings(o, "pain_points", d.org.pain_points))
            return false;
    }
    if (!ok) return false;
    r.where = "deal";
    if (View it = j.find("win_probability")) {
        if (!it.is_integer()) return r.fail("win_probability", "expected an integer");
        int64_t v = it.integer();
        if (v < 0 || v > 100) return r.fail("win_probability", "must be between 0 and 100");
        d.win_probability = (int)v;
    }
    return validate_deal_fit(d.org, d.win_probability, error);
}

void put_settings_scoring(std::string& o, const Settings& s) {
    const Icp& i = s.icp;
    key(o, "icp");
    o += '{';
    list(o, "industries", i.industries);
    num(o, "min_employees", i.min_employees);
    num(o, "max_employees", i.max_employees);
    num(o, "min_revenue", i.min_revenue);
    num(o, "max_revenue", i.max_revenue);
    text(o, "revenue_currency", i.revenue_currency);
    list(o, "regions", i.regions);
    list(o, "pain_points", i.pain_points);
    o += '}';
    const ScoreWeights& w = s.scoring;
    key(o, "scoring");
    o += '{';
    num(o, "icp_fit", w.icp_fit);
    num(o, "qualification", w.qualification);
    num(o, "replies", w.replies);
    num(o, "replies_days", w.replies_days);
    num(o, "silence", w.silence);
    num(o, "silence_days", w.silence_days);
    num(o, "inbound", w.inbound);
    num(o, "value", w.value);
    num(o, "value_at", w.value_at);
    text(o, "value_currency", w.value_currency);
    num(o, "hot_at", w.hot_at);
    num(o, "warm_at", w.warm_at);
    o += '}';
    key(o, "quality_labels");
    o += '[';
    for (size_t k = 0; k < s.quality_labels.size(); ++k) {
        if (k) o += ',';
        o += '{';
        text(o, "name", s.quality_labels[k].name);
        text(o, "colour", colour_hex(s.quality_labels[k].colour));
        o += '}';
    }
    o += ']';
    const CostFigures& f = s.cost;
    key(o, "cost");
    o += '{';
    num(o, "quota", f.quota);
    text(o, "currency", f.currency);
    num(o, "selling_hours", f.selling_hours);
    num(o, "working_days", f.working_days);
    num(o, "deals_open", f.deals_open);
    num(o, "days_now", f.days_now);
    num(o, "days_target", f.days_target);
    o += '}';
}

bool read_settings_scoring(const View& j, Settings& s, std::string& error) {
    Reader r{error, ""};
    bool ok = true;
    if (View o = r.object(j, "icp", ok)) {
        Icp& i = s.icp;
        if (!r.strings(o, "industries", i.industries) || !r.integer(o, "min_employees", i.min_employees) ||
            !r.integer(o, "max_employees", i.max_employees) || !r.integer(o, "min_revenue", i.min_revenue) ||
            !r.integer(o, "max_revenue", i.max_revenue) || !r.text(o, "revenue_currency", i.revenue_currency) ||
            !r.strings(o, "regions", i.regions) || !r.strings(o, "pain_points", i.pain_points))
            return false;
    }
    if (!ok) return false;
    if (View o = r.object(j, "scoring", ok)) {
        ScoreWeights& w = s.scoring;
        if (!r.integer(o, "icp_fit", w.icp_fit) || !r.integer(o, "qualification", w.qualification) ||
            !r.integer(o, "replies", w.replies) || !r.integer(o, "replies_days", w.replies_days) ||
            !r.integer(o, "silence", w.silence) || !r.integer(o, "silence_days", w.silence_days) ||
            !r.integer(o, "inbound", w.inbound) || !r.integer(o, "value", w.value) || !r.integer(o, "value_at", w.value_at) ||
            !r.text(o, "value_currency", w.value_currency) || !r.integer(o, "hot_at", w.hot_at) || !r.integer(o, "warm_at", w.warm_at))
            return false;
    }
    if (!ok) return false;
    if (View labels = j.find("quality_labels")) {
        if (!labels.is_array()) {
            error = "quality_labels: expected an array";
            return false;
        }
        s.quality_labels.clear();
        r.where = "quality_labels[]";
        for (View x : labels) {
            QualityLabel l;
            std::string colour = colour_hex(l.colour);
            if (!x.is_object()) return r.fail("", "expected an object");
            if (!r.text(x, "name", l.name) || !r.text(x, "colour", colour)) return false;
            if (!parse_colour_hex(colour, l.colour)) return r.fail("colour", "expected a colour like \"#2E7D32\"");
            s.quality_labels.push_back(std::move(l));
        }
    }
    if (View o = r.object(j, "cost", ok)) {
        CostFigures& f = s.cost;
        if (!r.integer(o, "quota", f.quota) || !r.text(o, "currency", f.currency) ||
            !r.integer(o, "selling_hours", f.selling_hours) || !r.integer(o, "working_days", f.working_days) ||
            !r.integer(o, "deals_open", f.deals_open) || !r.integer(o, "days_now", f.days_now) ||
            !r.integer(o, "days_target", f.days_target))
            return false;
    }
    if (!ok) return false;
    return validate_scoring_settings(s, error);
}

}  // namespace kariz
