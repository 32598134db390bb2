#include "cost.h"
#include "dates.h"

namespace kariz {

// a x b / c rounded half up, for non-negative figures; int64 holds 10^15 x 10^4.
static int64_t mul_div(int64_t a, int64_t b, int64_t c) { return c <= 0 ? 0 : (a * b * 2 + c) / (2 * c); }

CostResult cost_of_bad_deals(const CostFigures& f) {
    CostResult r;
    r.valid = f.quota >= 0 && f.selling_hours > 0 && f.working_days > 0 && f.deals_open > 0;
    if (!r.valid) return r;
    r.per_hour = mul_div(f.quota, 1, f.selling_hours);
    // per_hour x (hours / days), computed from the quota in one division to keep the cents.
    r.per_day = mul_div(f.quota, 1, f.working_days);
    r.per_deal_day = mul_div(f.quota, 1, (int64_t)f.working_days * f.deals_open);
    r.days_lost = f.days_now > f.days_target ? f.days_now - f.days_target : 0;
    r.per_bad_deal = r.days_lost * r.per_deal_day;
    r.at_stake = r.per_bad_deal * f.deals_open;
    return r;
}

int deal_days_taken(const Deal& d, Time now) {
    Time end = d.closed_at ? d.closed_at : now;
    int days = days_between(d.created_at, end);
    return days < 0 ? 0 : days;
}

int64_t deal_cost_so_far(const CostFigures& f, const Deal& d, Time now) {
    CostResult r = cost_of_bad_deals(f);
    return r.valid ? r.per_deal_day * deal_days_taken(d, now) : 0;
}

}  // namespace kariz
