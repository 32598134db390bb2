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

Text report_title_text(ReportKind k) {
    static const char* t[] = {"reports.title_stages", "reports.title_funnel",    "reports.title_time",    "reports.title_win_rate",
                              "reports.title_forecast", "reports.title_knowledge", "reports.title_touches", "reports.title_leaderboard"};
    return Text(t[(int)k]);
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
    // `key` names the column on screen: key ("Value {0}") per currency, key + "_converted".
    void header(ReportTable& t, const std::string& what, const std::string& key) const {
        for (const std::string& c : currencies) {
            t.header.push_back(what + " " + c);
            t.header_text.push_back(Text(key, {c}));
        }
        if (!settings.exchange_rates.empty()) {
            t.header.push_back(what + " (converted to " + settings.default_currency + ")");
            t.header_text.push_back(Text(key + "_converted", {settings.default_currency}));
        }
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
            t.notes.push_back(Text("reports.note_currencies_apart"));
            return;
        }
        std::string missing;
        for (const std::string& c : currencies)
            if (c != settings.default_currency && !convert_total(settings, MoneyByCurrency{{c, 1}}).missing.empty())
                missing += (missing.empty() ? "" : " ") + c;
        if (missing.empty()) t.notes.push_back(Text("reports.note_converted", {settings.default_currency}));
        else t.notes.push_back(Text("reports.note_converted_missing", {settings.default_currency, missing}));
    }
};

std::string n(int64_t v) { return std::to_string(v); }

// A plain amount ("12500.00") inside a sentence: written with the language's digits.
TextArg amount_arg(int64_t minor, const std::string& currency) {
    TextArg a(plain_amount(minor, currency));
    a.number = true;
    return a;
}

const char* kind_name(ActivityKind k) {
    static const char* t[] = {"Call", "Email", "Meeting", "Message", "Note"};
    return t[(int)k];
}
const char* kind_key(ActivityKind k) {
    static const char* t[] = {"reports.channel_call", "reports.channel_email", "reports.channel_meeting", "reports.channel_message",
                              "reports.channel_note"};
    return t[(int)k];
}

// Columns: the CSV header in English and the key the screen shows.
void columns(ReportTable& t, std::initializer_list<std::pair<const char*, const char*>> cols) {
    for (const auto& [english, key] : cols) {
        t.header.push_back(english);
        t.header_text.push_back(Text(key));
    }
}

// A row; `words` gives the screen's words for the first cells that have them (empty Text: none).
void add_row(ReportTable& t, std::vector<std::string> cells, std::vector<Text> words = {}) {
    words.resize(cells.size());
    t.rows.push_back(std::move(cells));
    t.words.push_back(std::move(words));
}

// A seller's name; a deal without an owner has words instead.
Text seller_words(const std::string& owner_id) { return owner_id.empty() ? Text("reports.no_owner") : Text(); }

}  // namespace

ReportTable report_table(const Reports& r, ReportKind k, const Workspace& ws) {
    ReportTable t;
    MoneyColumns money{ws.settings, {}};
    switch (k) {
    case ReportKind::Stages: {
        for (const StageRow& s : r.stages) money.see(s.value);
        columns(t, {{"Stage", "reports.col_stage"}, {"Deals", "reports.col_deals"}});
        money.header(t, "Value", "reports.col_value");
        money.header(t, "Weighted", "reports.col_weighted");
        for (const StageRow& s : r.stages) {
            std::vector<std::string> row = {s.name, n(s.count)};
            money.cells(row, s.value);
            money.cells(row, s.weighted);
            add_row(t, row);
        }
        // The date is a TextArg marked as a number: the view writes its digits in the language.
        TextArg date(format_date(r.params.as_of ? r.params.as_of : r.now));
        date.number = true;
        t.notes.push_back(Text("reports.note_stages", {date}));
        money.note(t);
        break;
    }
    case ReportKind::Funnel: {
        columns(t, {{"Stage", "reports.col_stage"},
                    {"Reached", "reports.col_reached"},
                    {"Went on to next", "reports.col_went_on"},
                    {"Conversion to next (%)", "reports.col_conversion"},
                    {"Lost here", "reports.col_lost_here"},
                    {"Lost here (%)", "reports.col_lost_here_pct"},
                    {"Weakest", "reports.col_weakest"}});
        const auto& rows = r.funnel.rows;
        for (size_t i = 0; i < rows.size(); ++i) {
            bool last = i + 1 == rows.size(), weakest = (int)i == r.funnel.weakest;
            int next = last ? 0 : rows[i + 1].reached;
            std::vector<Text> words(7);
            if (last) words[0] = Text("reports.won_row");  // the row after the last stage (reports.cpp)
            if (weakest) words[6] = Text("reports.yes");
            add_row(t,
                    {rows[i].name, n(rows[i].reached), last ? "" : n(next), last ? "" : percent_text(next, rows[i].reached),
                     last ? "" : n(rows[i].lost), last ? "" : percent_text(rows[i].lost, rows[i].reached), weakest ? "yes" : ""},
                    words);
        }
        t.notes.push_back(Text::counted("reports.note_funnel_cohort", r.funnel.cohort));
        if (r.funnel.weakest >= 0) t.notes.push_back(Text("reports.note_weakest", {rows[(size_t)r.funnel.weakest].name}));
        break;
    }
    case ReportKind::Time: {
        columns(t, {{"Stage", "reports.col_stage"},
                    {"Stays", "reports.col_stays"},
                    {"Average days", "reports.col_average_days"},
                    {"Median days", "reports.col_median_days"}});
        for (const TimeRow& row : r.time.rows)
            add_row(t, {row.name, n(row.stay.count), row.stay.count ? days_text(row.stay.average) : "",
                        row.stay.count ? days_text(row.stay.median) : ""});
        const Duration& v = r.time.velocity;
        add_row(t, {"Velocity: created to won", n(v.count), v.count ? days_text(v.average) : "", v.count ? days_text(v.median) : ""},
                {Text("reports.velocity_row")});
        t.notes.push_back(Text("reports.note_time"));
        break;
    }
    case ReportKind::WinRate: {
        columns(t, {{"Seller", "reports.col_seller"},
                    {"Won", "reports.col_won"},
                    {"Lost", "reports.col_lost"},
                    {"Disqualified", "reports.col_disqualified"},
                    {"Win rate (%)", "reports.col_win_rate"}});
        for (const SellerWins& s : r.win_rate.sellers)
            if (s.won + s.lost + s.disqualified > 0 || r.params.owner_id == s.owner_id)
                add_row(t, {s.name, n(s.won), n(s.lost), n(s.disqualified), percent_text(s.won, s.won + s.lost)}, {seller_words(s.owner_id)});
        const SellerWins& a = r.win_rate.total;
        add_row(t, {"All", n(a.won), n(a.lost), n(a.disqualified), percent_text(a.won, a.won + a.lost)}, {Text("reports.all_row")});
        for (const ReasonRow& x : r.win_rate.lost_reasons)
            add_row(t, {"Lost: " + x.reason, "", n(x.count), "", ""}, {Text("reports.lost_reason_row", {x.reason})});
        for (const ReasonRow& x : r.win_rate.dq_reasons)
            add_row(t, {"Disqualified: " + x.reason, "", "", n(x.count), ""}, {Text("reports.dq_reason_row", {x.reason})});
        t.notes.push_back(Text("reports.note_win_rate"));
        break;
    }
    case ReportKind::Forecast: {
        for (const ForecastMonth& m : r.forecast.months) money.see(m.weighted), money.see(m.best_case), money.see(m.won);
        columns(t, {{"Month", "reports.col_month"}, {"Open deals", "reports.col_open_deals"}});
        t.name_columns = 0;  // months ("2026-03") are written with the language's digits
        money.header(t, "Weighted", "reports.col_weighted");
        money.header(t, "Best case", "reports.col_best_case");
        columns(t, {{"Won deals", "reports.col_won_deals"}});
        money.header(t, "Won", "reports.col_won_money");
        for (const ForecastMonth& m : r.forecast.months) {
            std::vector<std::string> row = {m.month.empty() ? "No close date" : m.month, n(m.open)};
            money.cells(row, m.weighted);
            money.cells(row, m.best_case);
            row.push_back(n(m.won_count));
            money.cells(row, m.won);
            add_row(t, row, {m.month.empty() ? Text("reports.no_close_date") : Text()});
        }
        for (const QuotaRow& q : r.forecast.quotas) {
            std::vector<std::string> row = {"Quota: " + q.name, q.currency + " " + plain_amount(q.monthly, q.currency) + "/month",
                                            "target " + plain_amount(q.target, q.currency), "won " + plain_amount(q.won, q.currency),
                                            "gap " + plain_amount(q.gap, q.currency)};
            add_row(t, row,
                    {Text("reports.quota_row", {q.name}), Text("reports.quota_per_month", {q.currency, amount_arg(q.monthly, q.currency)}),
                     Text("reports.quota_target", {amount_arg(q.target, q.currency)}),
                     Text("reports.quota_won", {amount_arg(q.won, q.currency)}), Text("reports.quota_gap", {amount_arg(q.gap, q.currency)})});
        }
        t.notes.push_back(Text("reports.note_forecast"));
        if (!r.forecast.quotas.empty()) t.notes.push_back(Text("reports.note_quota_target", {r.forecast.period_months}));
        money.note(t);
        break;
    }
    case ReportKind::Knowledge: {
        columns(t, {{"Stage", "reports.col_stage"},
                    {"Known", "reports.col_known"},
                    {"Met: won", "reports.col_met_won"},
                    {"Met: lost", "reports.col_met_lost"},
                    {"Met: win rate (%)", "reports.col_met_win_rate"},
                    {"Not met: won", "reports.col_unmet_won"},
                    {"Not met: lost", "reports.col_unmet_lost"},
                    {"Not met: win rate (%)", "reports.col_unmet_win_rate"}});
        t.name_columns = 2;  // the stage and what is known
        for (const KnowledgeRow& k : r.knowledge.rows)
            add_row(t, {k.stage_name, k.label, n(k.met_won), n(k.met_lost), percent_text(k.met_won, k.met_won + k.met_lost),
                        n(k.unmet_won), n(k.unmet_lost), percent_text(k.unmet_won, k.unmet_won + k.unmet_lost)});
        t.notes.push_back(Text("reports.note_knowledge"));
        if (r.knowledge.approximated)
            t.notes.push_back(Text("reports.note_knowledge_approximated", {r.knowledge.approximated, r.knowledge.stays}));
        break;
    }
    case ReportKind::Touches: {
        columns(t, {{"Channel", "reports.col_channel"},
                    {"Outgoing", "reports.col_outgoing"},
                    {"Answered", "reports.col_answered"},
                    {"Response rate (%)", "reports.col_response_rate"},
                    {"Incoming", "reports.col_incoming"}});
        for (const TouchRow& x : r.touches)
            add_row(t, {kind_name(x.kind), n(x.outgoing), n(x.answered), percent_text(x.answered, x.outgoing), n(x.incoming)},
                    {Text(kind_key(x.kind))});
        t.notes.push_back(Text("reports.note_touches"));
        break;
    }
    case ReportKind::Leaderboard: {
        for (const LeaderRow& l : r.leaders) money.see(l.won_value), money.see(l.open_value);
        columns(t, {{"Seller", "reports.col_seller"}, {"Open", "reports.col_open"}});
        money.header(t, "Open value", "reports.col_open_value");
        columns(t, {{"Won", "reports.col_won"}, {"Lost", "reports.col_lost"}, {"Win rate (%)", "reports.col_win_rate"}});
        money.header(t, "Won value", "reports.col_won_value");
        money.header(t, "Average won", "reports.col_average_won");
        columns(t, {{"Average cycle days", "reports.col_average_cycle"}});
        for (const LeaderRow& l : r.leaders) {
            std::vector<std::string> row = {l.name, n(l.open)};
            money.cells(row, l.open_value);
            row.insert(row.end(), {n(l.won), n(l.lost), percent_text(l.won, l.won + l.lost)});
            money.cells(row, l.won_value);
            money.cells(row, l.average_won);
            row.push_back(l.cycle.count ? days_text(l.cycle.average) : "");
            add_row(t, row, {seller_words(l.owner_id)});
        }
        t.notes.push_back(Text("reports.note_leaderboard"));
        money.note(t);
        break;
    }
    }
    return t;
}

}  // namespace kariz
