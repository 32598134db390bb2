#include "nudges.h"
#include <unordered_map>

namespace kariz {

std::vector<Nudge> funnel_nudges(const Pipeline& p, const std::vector<int>& open) {
    std::vector<Nudge> out;
    size_t n = p.stages.size() < open.size() ? p.stages.size() : open.size();
    if (n < 2) return out;  // Unsorted alone: no funnel
    int total = 0;
    for (size_t i = 0; i < n; ++i) total += open[i];
    if (total == 0) {
        out.push_back(Nudge{NudgeKind::AllClosed, p.stages[1].id, Text("nudge.all_closed", {p.stages[1].name})});
        return out;
    }
    size_t real = n - 1;  // stages after Unsorted
    size_t last = n - 1;
    if (real >= 3 && total >= kNudgeMinOpen && open[last] <= kNearlyEmpty) {
        // The feeder: the earlier real stage with the most deals, the later one on a tie (closer to closing).
        size_t feeder = 0;
        for (size_t i = 1; i < last; ++i)
            if (feeder == 0 || open[i] >= open[feeder]) feeder = i;
        // Counted by the closing stage's deals (0 or 1); the feeder holds at least kFeederMin.
        if (feeder && open[feeder] >= kFeederMin)
            out.push_back(Nudge{NudgeKind::LateEmpty, p.stages[feeder].id,
                                Text::counted("nudge.late_empty", open[last], {p.stages[last].name, p.stages[feeder].name, open[feeder]})});
    }
    size_t early_end = 1 + (real / 2 ? real / 2 : 1);  // Unsorted + first half of the real stages
    if (real >= 2 && early_end < n) {
        // "Unsorted, Lead and Call": all names but the last with commas, the last one joined by
        // the message's own "and" (early_end >= 2, so there are always two names at least).
        int early = 0;
        std::string names;
        for (size_t i = 0; i < early_end; ++i) {
            early += open[i];
            if (i + 1 < early_end) names += (i ? ", " : "") + p.stages[i].name;
        }
        if (early == 0 || early * 100 < total * kTopDryPercent)
            out.push_back(Nudge{NudgeKind::TopDry, p.stages[1].id,
                                Text("nudge.top_dry", {early, total, names, p.stages[early_end - 1].name})});
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
