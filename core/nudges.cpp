#include "nudges.h"
#include <unordered_map>

namespace kariz {

static std::string deals_text(int n) { return std::to_string(n) + (n == 1 ? " deal" : " deals"); }

std::vector<Nudge> funnel_nudges(const Pipeline& p, const std::vector<int>& open) {
    std::vector<Nudge> out;
    size_t n = p.stages.size() < open.size() ? p.stages.size() : open.size();
    if (n < 2) return out;  // Unsorted alone: no funnel
    int total = 0;
    for (size_t i = 0; i < n; ++i) total += open[i];
    if (total == 0) {
        out.push_back(Nudge{NudgeKind::AllClosed, p.stages[1].id,
                            "Everything is closed: go back to the top of the funnel and add leads to " + p.stages[1].name + "."});
        return out;
    }
    size_t real = n - 1;  // stages after Unsorted
    size_t last = n - 1;
    if (real >= 3 && total >= kNudgeMinOpen && open[last] <= kNearlyEmpty) {
        // The feeder: the earlier real stage with the most deals, the later one on a tie (closer to closing).
        size_t feeder = 0;
        for (size_t i = 1; i < last; ++i)
            if (feeder == 0 || open[i] >= open[feeder]) feeder = i;
        if (feeder && open[feeder] >= kFeederMin)
            out.push_back(Nudge{NudgeKind::LateEmpty, p.stages[feeder].id,
                                "Almost nothing in " + p.stages[last].name + " (" + deals_text(open[last]) + "): work the " +
                                    p.stages[feeder].name + " column (" + deals_text(open[feeder]) + ")."});
    }
    size_t early_end = 1 + (real / 2 ? real / 2 : 1);  // Unsorted + first half of the real stages
    if (real >= 2 && early_end < n) {
        int early = 0;
        std::string names;
        for (size_t i = 0; i < early_end; ++i) {
            early += open[i];
            names += (i ? (i + 1 == early_end ? " and " : ", ") : "") + p.stages[i].name;
        }
        if (early == 0 || early * 100 < total * kTopDryPercent)
            out.push_back(Nudge{NudgeKind::TopDry, p.stages[1].id,
                                "The top of the funnel is running dry: " + std::to_string(early) + " of " + std::to_string(total) +
                                    " open deals in " + names + ". Prospect now, or the later stages empty out next."});
    }
    return out;
}

std::vector<int> open_deals_per_stage(const Workspace& ws, const Pipeline& p) {
    std::vector<int> open(p.stages.size(), 0);
    std::unordered_map<std::string, size_t> pos;
    for (size_t i = 0; i < p.stages.size(); ++i) pos[p.stages[i].id] = i;
    for (const Deal& d : ws.deals) {
        if (d.status != DealStatus::Open || d.pipeline_id != p.id) continue;
        auto it = pos.find(d.stage_id);
        if (it != pos.end()) open[it->second]++;
    }
    return open;
}

}  // namespace kariz
