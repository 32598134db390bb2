// report_table(): the cells of each report; csv_text(): RFC 4180 text of a table.
#include "report_csv.h"
#include <set>
#include "dates.h"

namespace kariz {

const char* report_title(ReportKind k) {
    static const char* t[] = {"Deals per stage", "Funnel conversion", "Time in stage", "Win rate",
                              "Forecast",        "Knowledge by stage", "Touches by channel", "Leaderboard"};
    return t[(int)k];
}

const char* report_slug(ReportKind k) {
    static const char* t[] = {"stages", "funnel", "time", "win-rate", "forecast", "knowledge", "touches", "leaderboard"};
    return t[(int)k];
}

std::string plain_amount(int64_t minor, const std::string& currency) {
    int exp = currency_exponent(currency);
    uint64_t scale = 1;
    for (int i = 0; i < exp; ++i) scale *= 10;
    bool neg = minor < 0;
    uint64_t mag = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    std::string s = (neg ? "-" : "") + std::to_string(mag / scale);
    if (exp > 0) {
        std::string frac = std::to_string(mag % scale);
        s += "." + std::string((size_t)exp - frac.size(), '0') + frac;
    }
    return s;
}

std::string percent_text(int64_t part, int64_t whole) {
    if (whole == 0) return "";
    int64_t tenths = (part * 2000 + whole) / (whole * 2);  // per mille, rounded half up
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string days_text(int64_t seconds) {
    int64_t tenths = (seconds * 10 + 43200) / 86400;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) {
        if (c == '"') o += '"';
        o += c;
    }
    return o + "\"";
}

std::string csv_text(const ReportTable& t) {
    std::string o;
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) o += ',';
            o += csv_field(cells[i]);
        }
        o += "\r\n";
    };
    line(t.header);
    for (const auto& row : t.rows) line(row);
    return o;
}

namespace {

// Money columns shared by the rows of one table: one per currency that occurs, and the
// converted total when the settings have rates.
struct MoneyColumns {
    const Settings& settings;
    std::set<std::string> currencies;
    void see(const MoneyByCurrency& m) {
        for (const auto& [c, v] : m) currencies.insert(c);
    }
    void header(std::vector<std::string>& h, const std::string& what) const {
        for (const std::string& c : currencies) h.push_back(what + " " + c);
        if (!settings.exchange_rates.empty()) h.push_back(what + " (converted to " + settings.default_currency + ")");
    }
    void cells(std::vector<std::string>& row, const MoneyByCurrency& m) const {
        for (const std::string& c : currencies) {
            auto it = m.find(c);
            row.push_back(plain_amount(it == m.end() ? 0 : it->second, c));
        }
        if (!settings.exchange_rates.empty()) row.push_back(plain_amount(convert_total(settings, m).total, settings.default_currency));
    }
    void note(ReportTable& t) const {
        if (settings.exchange_rates.empty()) {
            t.notes.push_back("Each currency is totalled separately (set exchange rates to see converted totals).");
            return;
        }
        std::string missing;
        for (const std::string& c : currencies)
            if (c != settings.default_currency && !convert_total(settings, MoneyByCurrency{{c, 1}}).missing.empty()) missing += " " + c;
        t.notes.push_back("Converted totals use the exchange rates in the report settings, into " + settings.default_currency +
                          (missing.empty() ? "." : "; no rate for" + missing + ", left out of them."));
    }
};

std::string n(int64_t v) { return std::to_string(v); }

const char* kind_name(ActivityKind k) {
    static const char* t[] = {"Call", "Email", "Meeting", "Message", "Note"};
    return t[(int)k];
}

}  // namespace

ReportTable report_table(const Reports& r, ReportKind k, const Workspace& ws) {
    ReportTable t;
    MoneyColumns money{ws.settings, {}};
    switch (k) {
    case ReportKind::Stages: {
        for (const StageRow& s : r.stages) money.see(s.value);
        t.header = {"Stage", "Deals"};
        money.header(t.header, "Value");
        money.header(t.header, "Weighted");
        for (const StageRow& s : r.stages) {
            std::vector<std::string> row = {s.name, n(s.count)};
            money.cells(row, s.value);
            money.cells(row, s.weighted);
            t.rows.push_back(row);
        }
        t.notes.push_back("Open deals on " + format_date(r.params.as_of ? r.params.as_of : r.now) +
                          ", rebuilt from the stage history; values as they are now.");
        money.note(t);
        break;
    }
    case ReportKind::Funnel: {
        t.header = {"Stage", "Reached", "Went on to next", "Conversion to next (%)", "Lost here", "Lost here (%)", "Weakest"};
        const auto& rows = r.funnel.rows;
        for (size_t i = 0; i < rows.size(); ++i) {
            bool last = i + 1 == rows.size();
            int next = last ? 0 : rows[i + 1].reached;
            t.rows.push_back({rows[i].name, n(rows[i].reached), last ? "" : n(next), last ? "" : percent_text(next, rows[i].reached),
                              last ? "" : n(rows[i].lost), last ? "" : percent_text(rows[i].lost, rows[i].reached),
                              (int)i == r.funnel.weakest ? "yes" : ""});
        }
        t.notes.push_back(n(r.funnel.cohort) + " deals created in the period. Lost counts lost and disqualified deals.");
        if (r.funnel.weakest >= 0) t.notes.push_back("Weakest (lame) stage: " + rows[(size_t)r.funnel.weakest].name + ".");
        break;
    }
    case ReportKind::Time: {
        t.header = {"Stage", "Stays", "Average days", "Median days"};
        for (const TimeRow& row : r.time.rows)
            t.rows.push_back({row.name, n(row.stay.count), row.stay.count ? days_text(row.stay.average) : "",
                              row.stay.count ? days_text(row.stay.median) : ""});
        const Duration& v = r.time.velocity;
        t.rows.push_back({"Velocity: created to won", n(v.count), v.count ? days_text(v.average) : "", v.count ? days_text(v.median) : ""});
        t.notes.push_back("Stays that ended in the period; velocity over deals won in the period.");
        break;
    }
    case ReportKind::WinRate: {
        t.header = {"Seller", "Won", "Lost", "Disqualified", "Win rate (%)"};
        for (const SellerWins& s : r.win_rate.sellers)
            if (s.won + s.lost + s.disqualified > 0 || r.params.owner_id == s.owner_id)
                t.rows.push_back({s.name, n(s.won), n(s.lost), n(s.disqualified), percent_text(s.won, s.won + s.lost)});
        const SellerWins& a = r.win_rate.total;
        t.rows.push_back({"All", n(a.won), n(a.lost), n(a.disqualified), percent_text(a.won, a.won + a.lost)});
        for (const ReasonRow& x : r.win_rate.lost_reasons) t.rows.push_back({"Lost: " + x.reason, "", n(x.count), "", ""});
        for (const ReasonRow& x : r.win_rate.dq_reasons) t.rows.push_back({"Disqualified: " + x.reason, "", "", n(x.count), ""});
        t.notes.push_back("Deals closed in the period. Win rate = won / (won + lost); reasons most frequent first.");
        break;
    }
    case ReportKind::Forecast: {
        for (const ForecastMonth& m : r.forecast.months) money.see(m.weighted), money.see(m.best_case), money.see(m.won);
        t.header = {"Month", "Open deals"};
        money.header(t.header, "Weighted");
        money.header(t.header, "Best case");
        t.header.push_back("Won deals");
        money.header(t.header, "Won");
        for (const ForecastMonth& m : r.forecast.months) {
            std::vector<std::string> row = {m.month.empty() ? "No close date" : m.month, n(m.open)};
            money.cells(row, m.weighted);
            money.cells(row, m.best_case);
            row.push_back(n(m.won_count));
            money.cells(row, m.won);
            t.rows.push_back(row);
        }
        for (const QuotaRow& q : r.forecast.quotas) {
            std::vector<std::string> row = {"Quota: " + q.name, q.currency + " " + plain_amount(q.monthly, q.currency) + "/month",
                                            "target " + plain_amount(q.target, q.currency), "won " + plain_amount(q.won, q.currency),
                                            "gap " + plain_amount(q.gap, q.currency)};
            t.rows.push_back(row);
        }
        t.notes.push_back("Open deals by expected close month: weighted by win probability, best case = full value; won by month closed.");
        if (!r.forecast.quotas.empty())
            t.notes.push_back("Quota target = monthly quota x " + n(r.forecast.period_months) + " months of the period.");
        money.note(t);
        break;
    }
    case ReportKind::Knowledge: {
        t.header = {"Stage", "Known", "Met: won", "Met: lost", "Met: win rate (%)", "Not met: won", "Not met: lost", "Not met: win rate (%)"};
        for (const KnowledgeRow& k : r.knowledge.rows)
            t.rows.push_back({k.stage_name, k.label, n(k.met_won), n(k.met_lost), percent_text(k.met_won, k.met_won + k.met_lost),
                              n(k.unmet_won), n(k.unmet_lost), percent_text(k.unmet_won, k.unmet_won + k.unmet_lost)});
        t.notes.push_back("Won and lost deals closed in the period, by what they knew when they left each stage.");
        if (r.knowledge.approximated)
            t.notes.push_back(n(r.knowledge.approximated) + " of " + n(r.knowledge.stays) +
                              " stays are older than the record of what was known: the deal's facts at close stand in.");
        break;
    }
    case ReportKind::Touches: {
        t.header = {"Channel", "Outgoing", "Answered", "Response rate (%)", "Incoming"};
        for (const TouchRow& x : r.touches)
            t.rows.push_back({kind_name(x.kind), n(x.outgoing), n(x.answered), percent_text(x.answered, x.outgoing), n(x.incoming)});
        t.notes.push_back("Touches logged in the period; response rate = answered / outgoing.");
        break;
    }
    case ReportKind::Leaderboard: {
        for (const LeaderRow& l : r.leaders) money.see(l.won_value), money.see(l.open_value);
        t.header = {"Seller", "Open"};
        money.header(t.header, "Open value");
        t.header.insert(t.header.end(), {"Won", "Lost", "Win rate (%)"});
        money.header(t.header, "Won value");
        money.header(t.header, "Average won");
        t.header.push_back("Average cycle days");
        for (const LeaderRow& l : r.leaders) {
            std::vector<std::string> row = {l.name, n(l.open)};
            money.cells(row, l.open_value);
            row.insert(row.end(), {n(l.won), n(l.lost), percent_text(l.won, l.won + l.lost)});
            money.cells(row, l.won_value);
            money.cells(row, l.average_won);
            row.push_back(l.cycle.count ? days_text(l.cycle.average) : "");
            t.rows.push_back(row);
        }
        t.notes.push_back("Open now; won, lost and cycle over deals closed in the period.");
        money.note(t);
        break;
    }
    }
    return t;
}

}  // namespace kariz
