// Fit of a deal's organization with the team's Ideal Customer Profile (domain.md §2: target
// industry, company size, revenue, region, pain points). Only the parts the profile defines count;
// a fact the deal does not carry yet is a miss ("not known yet"), so filling it in can only help.
#pragma once
#include <string>
#include <vector>
#include "messages.h"
#include "model.h"

namespace kariz {

enum class IcpPart { Industry, Size, Revenue, Region, PainPoints };

struct IcpCheck {
    IcpPart part;
    bool known = false;  // the deal carries the fact
    bool fits = false;
    Text text;           // icp.region.misses {"Asia"}: "Region: Asia is not in the profile"
};

struct IcpFit {
    std::vector<IcpCheck> checks;  // one per part the profile defines, in IcpPart order
    int fits = 0;
    int total() const { return (int)checks.size(); }
    bool defined() const { return !checks.empty(); }
    int percent() const { return checks.empty() ? 0 : (fits * 100 + total() / 2) / total(); }
};

const char* to_string(IcpPart p);  // "industry", "size", ...: an id, the middle of the parts' message keys
bool icp_part_defined(const Icp& icp, IcpPart p);
IcpFit icp_fit(const Icp& icp, const Deal& d);

// Equal ignoring ASCII case and surrounding spaces ("dental clinics " == "Dental clinics").
bool same_text(const std::string& a, const std::string& b);
// Comma-separated list <-> vector, trimmed, empty items and repeats dropped (Settings fields).
std::vector<std::string> split_list(const std::string& text);
std::string join_list(const std::vector<std::string>& items);

}  // namespace kariz
