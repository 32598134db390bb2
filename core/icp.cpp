#include "icp.h"
#include "money.h"

namespace kariz {

const char* to_string(IcpPart p) {
    switch (p) {
        case IcpPart::Industry: return "industry";
        case IcpPart::Size: return "size";
        case IcpPart::Revenue: return "revenue";
        case IcpPart::Region: return "region";
        case IcpPart::PainPoints: return "pain_points";
    }
    return "";
}

static std::string trimmed(const std::string& s) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

bool same_text(const std::string& a, const std::string& b) {
    std::string x = trimmed(a), y = trimmed(b);
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
        char p = x[i], q = y[i];
        if (p >= 'A' && p <= 'Z') p = (char)(p + 32);
        if (q >= 'A' && q <= 'Z') q = (char)(q + 32);
        if (p != q) return false;
    }
    return true;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = trimmed(text.substr(start, comma - start));
        bool seen = item.empty();
        for (const std::string& x : out) seen = seen || same_text(x, item);
        if (!seen) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string s;
    for (const std::string& x : items) s += (s.empty() ? "" : ", ") + x;
    return s;
}

static bool listed(const std::vector<std::string>& list, const std::string& x) {
    for (const std::string& y : list)
        if (same_text(x, y)) return true;
    return false;
}

bool icp_part_defined(const Icp& icp, IcpPart p) {
    switch (p) {
        case IcpPart::Industry: return !icp.industries.empty();
        case IcpPart::Size: return icp.min_employees > 0 || icp.max_employees > 0;
        case IcpPart::Revenue: return icp.min_revenue > 0 || icp.max_revenue > 0;
        case IcpPart::Region: return !icp.regions.empty();
        case IcpPart::PainPoints: return !icp.pain_points.empty();
    }
    return false;
}

static bool in_range(int64_t v, int64_t lo, int64_t hi) { return v >= lo && (hi == 0 || v <= hi); }

// "Company size: 40 employees, profile at least 20" and the like: the profile's range decides the
// message (icp.<part>.at_least / at_most / between); `fact` is the deal's figure.
static Text range_check(const std::string& part, const TextArg& fact, int64_t lo, int64_t hi, const std::string& currency) {
    auto one = [&](int64_t v) {
        if (currency.empty()) return TextArg((long long)v);
        TextArg a(format_money(v, currency, true));
        a.number = true;  // the interface writes the digits in its language
        return a;
    };
    std::string key = "icp." + part;
    if (hi == 0) return Text(key + ".at_least", {fact, one(lo)});
    if (lo == 0) return Text(key + ".at_most", {fact, one(hi)});
    return Text(key + ".between", {fact, one(lo), one(hi)});
}

IcpFit icp_fit(const Icp& icp, const Deal& d) {
    IcpFit fit;
    const OrgFacts& o = d.org;
    for (int k = 0; k <= (int)IcpPart::PainPoints; ++k) {
        IcpPart part = (IcpPart)k;
        if (!icp_part_defined(icp, part)) continue;
        IcpCheck c{part, false, false, Text()};
        std::string key = std::string("icp.") + to_string(part);
        switch (part) {
            case IcpPart::Industry:
                c.known = !trimmed(o.industry).empty();
                c.fits = c.known && listed(icp.industries, o.industry);
                c.text = c.known ? Text(key + (c.fits ? ".fits" : ".misses"), {o.industry}) : Text(key + ".unknown");
                break;
            case IcpPart::Size:
                c.known = o.employees > 0;
                c.fits = c.known && in_range(o.employees, icp.min_employees, icp.max_employees);
                c.text = c.known ? range_check(to_string(part), TextArg((long long)o.employees), icp.min_employees, icp.max_employees, "")
                                 : Text(key + ".unknown");
                break;
            case IcpPart::Revenue: {
                std::string cur = o.revenue_currency.empty() ? d.currency : o.revenue_currency;
                TextArg revenue(format_money(o.revenue, cur, true));
                revenue.number = true;
                c.known = o.revenue > 0;
                if (!c.known) {
                    c.text = Text(key + ".unknown");
                } else if (cur != icp.revenue_currency) {
                    // No exchange rate in the core: a revenue in another currency cannot be compared.
                    c.known = false;
                    c.text = Text(key + ".other_currency", {revenue, icp.revenue_currency});
                } else {
                    c.fits = in_range(o.revenue, icp.min_revenue, icp.max_revenue);
                    c.text = range_check(to_string(part), revenue, icp.min_revenue, icp.max_revenue, icp.revenue_currency);
                }
                break;
            }
            case IcpPart::Region:
                c.known = !trimmed(o.region).empty();
                c.fits = c.known && listed(icp.regions, o.region);
                c.text = c.known ? Text(key + (c.fits ? ".fits" : ".misses"), {o.region}) : Text(key + ".unknown");
                break;
            case IcpPart::PainPoints: {
                std::string hit;
                for (const std::string& p : o.pain_points)
                    if (listed(icp.pain_points, p)) hit += (hit.empty() ? "" : ", ") + p;
                c.known = !o.pain_points.empty();
                c.fits = !hit.empty();
                c.text = c.fits ? Text(key + ".fits", {hit}) : c.known ? Text(key + ".misses") : Text(key + ".unknown");
                break;
            }
        }
        fit.fits += c.fits;
        fit.checks.push_back(c);
    }
    return fit;
}

}  // namespace kariz
