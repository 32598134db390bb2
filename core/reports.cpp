// compute_reports(): one pass over the deals fills every report (see reports.h for what each means).
#include "reports.h"
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unordered_map>
#include "board.h"
#include "dates.h"
#include "flags.h"
#include "reduce.h"
#include "scoring.h"

namespace kariz {

// The deal's own estimate when the team set one, else the stage's (scoring.h).
int report_win_probability(const Deal& d, const Stage& s) { return deal_win_probability(d, s); }

std::vector<std::string> known_facts(const Deal& d) {
    static const char* fields[] = {"field:organization", "field:contact.name", "field:contact.email",
                                   "field:contact.phone", "field:value",        "field:expected_close"};
    std::vector<std::string> out;
    for (const CriterionAnswer& a : d.criteria)
        if (a.state == CriterionState::Met) out.push_back("criterion:" + a.id);
    for (const char* f : fields)
        if (exit_criterion_met(d, f)) out.push_back(f);
    return out;
}

void record_known(Deal& d) {
    if (d.history.empty()) return;
    d.history.back().known_recorded = true;
    d.history.back().known = known_facts(d);
}

// ---------------------------------------------------------------- conversion

static const ExchangeRate* find_rate(const Settings& s, const std::string& currency) {
    for (const ExchangeRate& r : s.exchange_rates)
        if (r.currency == currency) return &r;
    return nullptr;
}

static __int128 pow10_128(int e) {
    __int128 v = 1;
    while (e-- > 0) v *= 10;
    return v;
}

// minor(from) x per_million x 10^exp(default) / (10^exp(from) x 10^6), rounded half up. 128-bit
// so a 10^15 value times a large rate cannot overflow.
bool convert_minor(const Settings& s, int64_t minor, const std::string& from, int64_t& out) {
    const std::string& to = s.default_currency;
    if (from == to) { out = minor; return true; }
    const ExchangeRate* r = find_rate(s, from);
    if (!r) return false;
    __int128 num = (__int128)minor * r->per_million * pow10_128(currency_exponent(to));
    __int128 den = pow10_128(currency_exponent(from)) * 1000000;
    __int128 q = (num * 2 + (num >= 0 ? den : -den)) / (den * 2);
    if (q > INT64_MAX || q < INT64_MIN) return false;
    out = (int64_t)q;
    return true;
}

// From one currency to another through the default currency.
static bool convert_between(const Settings& s, int64_t minor, const std::string& from, const std::string& to, int64_t& out) {
    if (from == to) { out = minor; return true; }
    int64_t in_default = 0;
    if (!convert_minor(s, minor, from, in_default)) return false;
    if (to == s.default_currency) { out = in_default; return true; }
    const ExchangeRate* r = find_rate(s, to);
    if (!r) return false;
    __int128 num = (__int128)in_default * 1000000 * pow10_128(currency_exponent(to));
    __int128 den = (__int128)r->per_million * pow10_128(currency_exponent(s.default_currency));
    __int128 q = (num * 2 + den) / (den * 2);
    if (q > INT64_MAX) return false;
    out = (int64_t)q;
    return true;
}

Converted convert_total(const Settings& s, const MoneyByCurrency& m) {
    Converted c;
    c.active = !s.exchange_rates.empty();
    c.currency = s.default_currency;
    if (!c.active) return c;
    for (const auto& [currency, amount] : m) {
        int64_t v = 0;
        if (convert_minor(s, amount, currency, v)) c.total += v;
        else c.missing.push_back(currency);
    }
    return c;
}

double ratio(int64_t part, int64_t whole) { return whole ? (double)part / (double)whole : 0.0; }

// ---------------------------------------------------------------- months

Time month_start(Time t) {
    int y;
    unsigned m, d;
    civil_from_days((t >= 0 ? t : t - 86399) / 86400, y, m, d);
    return days_from_civil(y, m, 1) * 86400;
}

Time add_months(Time start, int n) {
    int y;
    unsigned m, d;
    civil_from_days(start / 86400, y, m, d);
    int total = y * 12 + (int)m - 1 + n;
    return days_from_civil(total / 12, (unsigned)(total % 12) + 1, 1) * 86400;
}

std::string month_key(Time t) { return format_date(t).substr(0, 7); }

// ---------------------------------------------------------------- compute

namespace {

Duration summarize(std::vector<int64_t>& v) {
    Duration out;
    out.count = (int)v.size();
    if (v.empty()) return out;
    __int128 sum = 0;
    for (int64_t x : v) sum += x;
    out.average = (int64_t)(sum / (__int128)v.size());
    // Median by selection, not a full sort: linear, and this runs over every stay of 100k deals.
    size_t n = v.size();
    std::nth_element(v.begin(), v.begin() + (long)(n / 2), v.end());
    int64_t upper = v[n / 2];
    if (n % 2) out.median = upper;
    else out.median = (*std::max_element(v.begin(), v.begin() + (long)(n / 2)) + upper) / 2;
    return out;
}

std::vector<ReasonRow> ranked(std::map<std::string, ReasonRow>& m) {
    std::vector<ReasonRow> out;
    for (auto& [k, row] : m) out.push_back(row);
    std::stable_sort(out.begin(), out.end(), [](const ReasonRow& a, const ReasonRow& b) { return a.count > b.count; });
    return out;
}

// "2026-10-15" -> 202610; 0 for an empty or short date.
int month_number(const std::string& date) {
    if (date.size() < 7) return 0;
    return std::atoi(date.substr(0, 4).c_str()) * 100 + std::atoi(date.substr(5, 2).c_str());
}

bool contains(const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

Reports compute_reports(const Workspace& ws, const std::vector<Framework>& fs, const ReportParams& p, Time now) {
    Reports r;
    r.params = p;
    r.now = now;
    const Pipeline* pl = ws.find_pipeline(p.pipeline_id);
    if (!pl) return r;
    const int n = (int)pl->stages.size();
    std::unordered_map<std::string, int> pos;
    for (int i = 0; i < n; ++i) pos[pl->stages[i].id] = i;
    auto position = [&](const std::string& stage_id) {
        auto it = pos.find(stage_id);
        return it == pos.end() ? -1 : it->second;
    };
    auto in_period = [&](Time t) { return t >= p.from && t < p.to; };
    const Time as_of = p.as_of ? p.as_of : now;

    for (const Stage& s : pl->stages) {
        r.stages.push_back(StageRow{s.id, s.name, 0, {}, {}});
        r.funnel.rows.push_back(FunnelRow{s.id, s.name, 0, 0});
        r.time.rows.push_back(TimeRow{s.id, s.name, {}});
    }
    r.funnel.rows.push_back(FunnelRow{"", "Won", 0, 0});
    std::vector<std::vector<int64_t>> stays((size_t)n);
    std::vector<int64_t> velocity;

    // Knowledge keys per stage: the pipeline framework's criteria, then the stage's exit criteria.
    std::vector<std::vector<std::string>> keys((size_t)n);
    const Framework* fw = find_framework(fs, pl->framework_id);
    for (int i = 0; i < n; ++i) {
        if (fw)
            for (const Criterion& c : fw->criteria) keys[i].push_back("criterion:" + c.id);
        for (const std::string& k : pl->stages[i].exit_criteria)
            if (!contains(keys[i], k)) keys[i].push_back(k);
    }
    std::vector<std::vector<KnowledgeRow>> know((size_t)n);
    // Unsorted (stage 0) is the intake: nothing is expected to be known there, so it has no rows.
    for (int i = 1; i < n; ++i)
        for (const std::string& k : keys[i])
            know[i].push_back(KnowledgeRow{pl->stages[i].id, pl->stages[i].name, k, exit_criterion_label(fs, k), 0, 0, 0, 0});

    // Sellers: every user (or the one asked for), then owners the users list does not know.
    std::vector<std::string> owner_order;
    std::unordered_map<std::string, size_t> owner_at;
    auto owner = [&](const std::string& id) {
        auto it = owner_at.find(id);
        if (it != owner_at.end()) return it->second;
        size_t k = owner_order.size();
        owner_order.push_back(id);
        owner_at[id] = k;
        const User* u = ws.find_user(id);
        std::string name = u ? u->name : id.empty() ? "(no owner)" : id;
        r.win_rate.sellers.push_back(SellerWins{id, name, 0, 0, 0});
        r.leaders.push_back(LeaderRow{id, name, 0, 0, 0, {}, {}, {}, {}});
        return k;
    };
    for (const User& u : ws.users)
        if (p.owner_id.empty() || u.id == p.owner_id) owner(u.id);
    std::vector<std::vector<int64_t>> cycles;
    std::vector<MoneyByCurrency> won_counts;

    std::map<int, ForecastMonth> months;  // by year * 100 + month; 0 for "no close date" (sorted first, moved last)
    std::vector<int> vpos;                // positions of the deal's stays, looked up once per deal
    std::map<std::string, ReasonRow> lost_reasons, dq_reasons;
    int touches[4][3] = {};  // per kind: outgoing, answered, incoming
    int last_visit[64];

    for (const Deal& d : ws.deals) {
        if (!p.owner_id.empty() && d.owner_id != p.owner_id) continue;
        const bool closed = d.status != DealStatus::Open;
        vpos.clear();
        for (const StageVisit& v : d.history) vpos.push_back(position(v.stage_id));

        // Stages at a date: the stay that covered it, if the deal existed and was still open.
        if (d.created_at <= as_of && (!closed || d.closed_at > as_of)) {
            for (size_t k = 0; k < d.history.size(); ++k) {
                const StageVisit& v = d.history[k];
                if (v.entered > as_of || (v.left != 0 && v.left <= as_of)) continue;
                int i = vpos[k];
                if (i < 0) break;
                StageRow& row = r.stages[i];
                row.count += 1;
                row.value[d.currency] += d.value;
                row.weighted[d.currency] += weighted_value(d.value, report_win_probability(d, pl->stages[i]));
                break;
            }
        }
        if (d.pipeline_id != pl->id) continue;
        const int at = position(d.stage_id);

        // Funnel over the deals created in the period.
        if (in_period(d.created_at)) {
            r.funnel.cohort += 1;
            int reached = -1;
            for (int i : vpos) reached = std::max(reached, i);
            if (d.status == DealStatus::Won) {
                reached = n - 1;
                r.funnel.rows[n].reached += 1;
            }
            for (int i = 0; i <= reached; ++i) r.funnel.rows[i].reached += 1;
            if ((d.status == DealStatus::Lost || d.status == DealStatus::Disqualified) && at >= 0) r.funnel.rows[at].lost += 1;
        }

        // Time in stage: stays that ended in the period; the last stay of a closed deal ends when it closed.
        for (size_t k = 0; k < d.history.size(); ++k) {
            const StageVisit& v = d.history[k];
            Time end = v.left ? v.left : (closed && k + 1 == d.history.size() ? d.closed_at : 0);
            int i = vpos[k];
            if (end && i >= 0 && in_period(end)) stays[i].push_back(end - v.entered);
        }

        size_t o = owner(d.owner_id);
        if (cycles.size() < r.leaders.size()) cycles.resize(r.leaders.size()), won_counts.resize(r.leaders.size());
        LeaderRow& lead = r.leaders[o];
        SellerWins& wins = r.win_rate.sellers[o];
        if (!closed) {
            lead.open += 1;
            lead.open_value[d.currency] += d.value;
            ForecastMonth& m = months[month_number(d.expected_close)];
            m.open += 1;
            m.best_case[d.currency] += d.value;
            if (at >= 0) m.weighted[d.currency] += weighted_value(d.value, report_win_probability(d, pl->stages[at]));
        } else if (in_period(d.closed_at)) {
            if (d.status == DealStatus::Won) {
                wins.won += 1;
                lead.won += 1;
                lead.won_value[d.currency] += d.value;
                won_counts[o][d.currency] += 1;
                int64_t cycle = d.closed_at - d.created_at;
                cycles[o].push_back(cycle);
                velocity.push_back(cycle);
                ForecastMonth& m = months[month_number(format_date(d.closed_at))];
                m.won[d.currency] += d.value;
                m.won_count += 1;
            } else if (d.status == DealStatus::Lost) {
                wins.lost += 1;
                lead.lost += 1;
                ReasonRow& rr = lost_reasons[d.lost_reason];
                rr.reason = d.lost_reason;
                rr.count += 1;
                rr.value[d.currency] += d.value;
            } else {
                wins.disqualified += 1;
                ReasonRow& rr = dq_reasons[d.dq_reason];
                rr.reason = dq_reason_label(d.dq_reason);
                rr.count += 1;
                rr.value[d.currency] += d.value;
            }

            // Knowledge by stage: what the deal knew when it last left each stage it visited.
            if (d.status != DealStatus::Disqualified && n <= 64) {
                for (int i = 0; i < n; ++i) last_visit[i] = -1;
                for (size_t k = 0; k < d.history.size(); ++k)
                    if (vpos[k] >= 0) last_visit[vpos[k]] = (int)k;
                std::vector<std::string> final_facts;
                bool have_final = false;
                const bool won = d.status == DealStatus::Won;
                for (int i = 1; i < n; ++i) {
                    if (last_visit[i] < 0) continue;
                    const StageVisit& v = d.history[(size_t)last_visit[i]];
                    // Older stays carry no record: the deal's facts at close stand in for them
                    // (an upper bound of what was known then), and the report counts them apart.
                    const std::vector<std::string>* known = &v.known;
                    if (!v.known_recorded) {
                        if (!have_final) final_facts = known_facts(d), have_final = true;
                        known = &final_facts;
                        r.knowledge.approximated += 1;
                    }
                    r.knowledge.stays += 1;
                    for (KnowledgeRow& row : know[i]) {
                        bool met = contains(*known, row.key);
                        (met ? (won ? row.met_won : row.met_lost) : (won ? row.unmet_won : row.unmet_lost)) += 1;
                    }
                }
            }
        }

        for (const Activity& a : d.activities) {
            if (a.kind == ActivityKind::Note || !in_period(a.at)) continue;
            int* t = touches[(int)a.kind];
            if (a.outgoing) {
                t[0] += 1;
                if (a.answered) t[1] += 1;
            } else {
                t[2] += 1;
            }
        }
    }

    // Funnel: the lame stage loses the largest share of the deals that reached it.
    for (int i = 0; i < n; ++i) {
        const FunnelRow& row = r.funnel.rows[i];
        if (row.lost == 0 || row.reached == 0) continue;
        if (r.funnel.weakest < 0) { r.funnel.weakest = i; continue; }
        const FunnelRow& best = r.funnel.rows[r.funnel.weakest];
        if ((int64_t)row.lost * best.reached > (int64_t)best.lost * row.reached) r.funnel.weakest = i;
    }

    for (int i = 0; i < n; ++i) r.time.rows[i].stay = summarize(stays[i]);
    r.time.velocity = summarize(velocity);

    for (const SellerWins& s : r.win_rate.sellers) {
        r.win_rate.total.won += s.won;
        r.win_rate.total.lost += s.lost;
        r.win_rate.total.disqualified += s.disqualified;
    }
    r.win_rate.total.name = "All";
    r.win_rate.lost_reasons = ranked(lost_reasons);
    r.win_rate.dq_reasons = ranked(dq_reasons);

    // Forecast: every month of the period (when it is a few years at most), then those with deals.
    Forecast& f = r.forecast;
    if (p.to > p.from) {
        for (Time m = month_start(p.from); m < p.to && f.period_months < 1200; m = add_months(m, 1)) f.period_months += 1;
        if (f.period_months <= 36)
            for (Time m = month_start(p.from); m < p.to; m = add_months(m, 1)) months[month_number(format_date(m))];
    }
    for (auto& [key, m] : months) {
        if (key == 0) continue;
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d", key / 100, key % 100);
        m.month = text;
        f.months.push_back(m);
    }
    if (months.count(0)) f.months.push_back(months[0]);

    for (const User& u : ws.users) {
        if (u.monthly_quota <= 0 || (!p.owner_id.empty() && u.id != p.owner_id)) continue;
        QuotaRow q;
        q.user_id = u.id;
        q.name = u.name;
        q.currency = u.quota_currency.empty() ? ws.settings.default_currency : u.quota_currency;
        q.monthly = u.monthly_quota;
        q.target = u.monthly_quota * f.period_months;
        auto it = owner_at.find(u.id);
        if (it != owner_at.end())
            for (const auto& [currency, amount] : r.leaders[it->second].won_value) {
                int64_t v = 0;
                if (convert_between(ws.settings, amount, currency, q.currency, v)) q.won += v;
                else q.unconverted.push_back(currency);
            }
        q.gap = q.target - q.won;
        f.quotas.push_back(q);
    }

    for (int i = 0; i < n; ++i) {
        std::vector<KnowledgeRow>& rows = know[i];
        auto gap = [](const KnowledgeRow& k) {
            double a = ratio(k.met_won, k.met_won + k.met_lost), b = ratio(k.unmet_won, k.unmet_won + k.unmet_lost);
            return a > b ? a - b : b - a;
        };
        std::stable_sort(rows.begin(), rows.end(), [&](const KnowledgeRow& a, const KnowledgeRow& b) { return gap(a) > gap(b); });
        for (const KnowledgeRow& k : rows)
            if (k.met_won + k.met_lost + k.unmet_won + k.unmet_lost > 0) r.knowledge.rows.push_back(k);
    }

    for (int k = 0; k < 4; ++k) r.touches.push_back(TouchRow{(ActivityKind)k, touches[k][0], touches[k][1], touches[k][2]});

    // Leaderboard: average deal size per currency, cycle, then most won value first.
    for (size_t o = 0; o < r.leaders.size(); ++o) {
        LeaderRow& l = r.leaders[o];
        if (o < won_counts.size())
            for (const auto& [currency, count] : won_counts[o]) {
                int64_t sum = l.won_value[currency];
                l.average_won[currency] = (sum * 2 + count) / (count * 2);
            }
        if (o < cycles.size()) l.cycle = summarize(cycles[o]);
    }
    const Settings& s = ws.settings;
    std::stable_sort(r.leaders.begin(), r.leaders.end(), [&](const LeaderRow& a, const LeaderRow& b) {
        if (!s.exchange_rates.empty()) {
            int64_t x = convert_total(s, a.won_value).total, y = convert_total(s, b.won_value).total;
            if (x != y) return x > y;
        }
        return a.won > b.won;
    });
    return r;
}

}  // namespace kariz
