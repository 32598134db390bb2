// Reports for the manager (domain.md §4, issue 4): stages now and at a past date, funnel conversion
// and the "lame" stage, time in stage and velocity, win rate and reasons, forecast with quotas,
// knowledge by stage, touches by channel, leaderboard.
//
// Pure functions of the workspace, the parameters and `now`: the view computes them once when the
// parameters or the store revision change, never per frame. Money stays integer minor units per
// currency; a converted total (convert_total) exists only when the settings carry exchange rates.
// Rates (counts / counts) are left to the reader as pairs of integers; `ratio` divides them.
#pragma once
#include <string>
#include <vector>
#include "money.h"
#include "qualification.h"

namespace kariz {

struct ReportParams {
    std::string pipeline_id;
    std::string owner_id;  // empty: every seller
    Time from = 0, to = 0; // the period [from, to): deals created (funnel), closed, stays ended, touches
    Time as_of = 0;        // the date of the stage picture; 0: now
};

// Win probability of an open deal in percent, for the forecast: the team's estimate on the deal
// when one is set, else the stage's (deal_win_probability in scoring.h).
int report_win_probability(const Deal& d, const Stage& s);

// What a deal knows now, as exit-criterion keys: "criterion:<id>" for each criterion answered met,
// "field:<name>" for each filled field of flags.h. reduce records it on a stay when the stay ends.
std::vector<std::string> known_facts(const Deal& d);
void record_known(Deal& d);  // on the last stay of d.history

// ---- conversion (settings' exchange rates, parts per million of the default currency)
bool convert_minor(const Settings& s, int64_t minor, const std::string& from, int64_t& out);
struct Converted {
    bool active = false;        // the settings carry rates: a converted total is shown
    std::string currency;       // the default currency
    int64_t total = 0;          // of every currency that has a rate
    std::vector<std::string> missing;  // currencies without a rate, left out of `total`
};
Converted convert_total(const Settings& s, const MoneyByCurrency& m);

double ratio(int64_t part, int64_t whole);  // 0 when whole is 0

// ---- the reports
struct StageRow {
    std::string stage_id, name;
    int count = 0;
    MoneyByCurrency value, weighted;
};

struct FunnelRow {
    std::string stage_id, name;  // the last row is "Won" with an empty stage id
    int reached = 0;  // deals of the cohort that reached this stage or a later one (won deals reach all)
    int lost = 0;     // lost or disqualified while in this stage
};
struct Funnel {
    int cohort = 0;          // deals created in the period
    std::vector<FunnelRow> rows;
    int weakest = -1;        // the "lame" stage: highest share lost of those that reached it; -1 none
};

struct Duration {
    int count = 0;
    int64_t average = 0, median = 0;  // seconds
};
struct TimeRow {
    std::string stage_id, name;
    Duration stay;  // stays that ended in the period
};
struct TimeReport {
    std::vector<TimeRow> rows;
    Duration velocity;  // created -> won, of deals won in the period
};

struct SellerWins {
    std::string owner_id, name;
    int won = 0, lost = 0, disqualified = 0;
};
struct ReasonRow {
    std::string reason;
    int count = 0;
    MoneyByCurrency value;
};
struct WinRateReport {
    SellerWins total;
    std::vector<SellerWins> sellers;
    std::vector<ReasonRow> lost_reasons, dq_reasons;  // most frequent first
};

struct ForecastMonth {
    std::string month;  // "YYYY-MM"; "" for open deals without an expected close date (last row)
    MoneyByCurrency weighted, best_case, won;
    int open = 0, won_count = 0;
};
struct QuotaRow {
    std::string user_id, name, currency;
    int64_t monthly = 0, target = 0;  // target = monthly x months of the period
    int64_t won = 0;                  // won in the period, in the quota currency
    int64_t gap = 0;                  // target - won; negative: above quota
    std::vector<std::string> unconverted;  // won currencies without a rate, not counted
};
struct Forecast {
    std::vector<ForecastMonth> months;
    int period_months = 0;
    std::vector<QuotaRow> quotas;
};

struct KnowledgeRow {
    std::string stage_id, stage_name, key, label;
    int met_won = 0, met_lost = 0, unmet_won = 0, unmet_lost = 0;
};
struct KnowledgeReport {
    std::vector<KnowledgeRow> rows;  // stage order, then largest win-rate gap first
    int stays = 0;                   // stays of closed deals looked at
    int approximated = 0;            // of them without a record (older data): the deal's final facts used
};

struct TouchRow {
    ActivityKind kind = ActivityKind::Call;
    int outgoing = 0, answered = 0, incoming = 0;
};

struct LeaderRow {
    std::string owner_id, name;
    int open = 0, won = 0, lost = 0;
    MoneyByCurrency open_value, won_value, average_won;  // average per currency, rounded half up
    Duration cycle;  // created -> won
};

struct Reports {
    ReportParams params;
    Time now = 0;
    std::vector<StageRow> stages;  // at params.as_of (or now)
    Funnel funnel;
    TimeReport time;
    WinRateReport win_rate;
    Forecast forecast;
    KnowledgeReport knowledge;
    std::vector<TouchRow> touches;  // call, email, meeting, message
    std::vector<LeaderRow> leaders; // most won value (converted, else count) first
};

Reports compute_reports(const Workspace& ws, const std::vector<Framework>& fs, const ReportParams& p, Time now);

// Period helpers for the pickers: the first second of the month of t, and `n` months later.
Time month_start(Time t);
Time add_months(Time month_start, int n);
std::string month_key(Time t);  // "YYYY-MM"

}  // namespace kariz
