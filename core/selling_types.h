// Plain values of the lead-scoring part of the selling method (domain.md §2-3): the facts a deal
// carries about its organization, the team's Ideal Customer Profile, the score weights, quality
// labels and the figures of the cost-of-bad-deals calculator. Kept apart from model.h so the
// model stays readable; model.h includes this file. The logic is in icp.h, scoring.h, cost.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace kariz {

// What is known about the deal's organization; 0 and "" mean "not known yet".
struct OrgFacts {
    std::string industry;
    int64_t employees = 0;
    int64_t revenue = 0;            // a year, integer minor units of revenue_currency
    std::string revenue_currency;   // ISO 4217; empty: the deal's currency
    std::string region;
    std::vector<std::string> pain_points;  // picked from the profile's list
    bool operator==(const OrgFacts& o) const {
        return industry == o.industry && employees == o.employees && revenue == o.revenue &&
               revenue_currency == o.revenue_currency && region == o.region && pain_points == o.pain_points;
    }
    bool operator!=(const OrgFacts& o) const { return !(*this == o); }
};

// The Ideal Customer Profile (domain.md §2): an empty list or a 0 bound means "any".
struct Icp {
    std::vector<std::string> industries;
    int64_t min_employees = 0, max_employees = 0;
    int64_t min_revenue = 0, max_revenue = 0;  // minor units of revenue_currency
    std::string revenue_currency = "EUR";
    std::vector<std::string> regions;
    std::vector<std::string> pain_points;
};

// Weights of the lead score's terms (core/scoring.h); each term is explained on the card.
struct ScoreWeights {
    int icp_fit = 30;          // x share of the profile's parts the deal fits
    int qualification = 30;    // x share of the framework's criteria met
    int replies = 20;          // full at 3 replies within replies_days
    int replies_days = 30;
    int silence = -10;         // no reply within silence_days although the seller reached out
    int silence_days = 14;
    int inbound = 10;          // the lead found us
    int value = 10;            // full at value_at or more, half from half of it
    int64_t value_at = 1000000;  // minor units of value_currency
    std::string value_currency = "EUR";
    int hot_at = 70, warm_at = 40;  // labels: hot >= hot_at, warm >= warm_at, else cold
    bool operator==(const ScoreWeights& o) const {
        return icp_fit == o.icp_fit && qualification == o.qualification && replies == o.replies &&
               replies_days == o.replies_days && silence == o.silence && silence_days == o.silence_days &&
               inbound == o.inbound && value == o.value && value_at == o.value_at && value_currency == o.value_currency &&
               hot_at == o.hot_at && warm_at == o.warm_at;
    }
};

// A label the team defines to rate lead quality (domain.md §2); deals carry it by name in labels.
struct QualityLabel {
    std::string name;
    uint32_t colour = 0x2E7D32;  // 0xRRGGBB
    bool operator==(const QualityLabel& o) const { return name == o.name && colour == o.colour; }
};

// The cost-of-a-bad-deal calculator (domain.md §3, source 000), defaults are the source's figures:
// a $1M quota is about 500 selling hours; ten deals open; disqualify on day 15 instead of 45.
struct CostFigures {
    int64_t quota = 100000000;     // a year, minor units of currency ($1,000,000.00)
    std::string currency = "USD";
    int selling_hours = 500;       // a year
    int working_days = 250;        // a year (500 hours over 250 days: 2 selling hours a day)
    int deals_open = 10;
    int days_now = 45;             // when bad deals are disqualified today
    int days_target = 15;          // when they could be
    bool operator==(const CostFigures& o) const {
        return quota == o.quota && currency == o.currency && selling_hours == o.selling_hours &&
               working_days == o.working_days && deals_open == o.deals_open && days_now == o.days_now &&
               days_target == o.days_target;
    }
};

}  // namespace kariz
