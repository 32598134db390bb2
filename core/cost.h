// The cost of a bad deal (domain.md §3, source 000), with the user's own figures. The source:
// "a $1M quota is about 500 selling hours, so each hour is worth about $2,000. Disqualifying on
// day 15 instead of day 45, with ten opportunities open at $4,000 a day, costs 30 days x $4,000 =
// $120,000." Reading it step by step: 500 hours over 250 working days is 2 selling hours a day,
// $4,000 a day; that day is shared by the ten open deals, $400 each; a bad deal kept 30 days too
// long costs 30 x $400 = $12,000, and ten of them $120,000. The article admits the maths is rough;
// the calculator shows each step so the user can judge it. All money is integer minor units.
#pragma once
#include "model.h"

namespace kariz {

struct CostResult {
    int64_t per_hour = 0;      // quota / selling hours
    int64_t per_day = 0;       // per_hour x selling hours a working day
    int64_t per_deal_day = 0;  // per_day / deals open: one open deal's share of a selling day
    int days_lost = 0;         // days_now - days_target (never negative)
    int64_t per_bad_deal = 0;  // days_lost x per_deal_day
    int64_t at_stake = 0;      // per_bad_deal x deals open (= days_lost x per_day)
    bool valid = false;        // every divisor positive
};

CostResult cost_of_bad_deals(const CostFigures& f);
// What a deal has already taken: its days open x one deal's share of a selling day.
int deal_days_taken(const Deal& d, Time now);
int64_t deal_cost_so_far(const CostFigures& f, const Deal& d, Time now);

}  // namespace kariz
