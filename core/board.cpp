#include "board.h"
#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace kariz {

int64_t weighted_value(int64_t value, int probability) { return (value * probability + 50) / 100; }

static inline char fold(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

// Substring search with ASCII case folding and no allocation: this runs over every deal on
// every keystroke, so it must stay cheap at 100,000 deals.
static bool contains_folded(const std::string& hay, const std::string& needle_folded) {
    const size_t n = needle_folded.size();
    if (n == 0) return true;
    if (hay.size() < n) return false;
    const char first = needle_folded[0];
    const char* h = hay.data();
    for (size_t i = 0, last = hay.size() - n; i <= last; ++i) {
        if (fold(h[i]) != first) continue;
        size_t k = 1;
        while (k < n && fold(h[i + k]) == needle_folded[k]) ++k;
        if (k == n) return true;
    }
    return false;
}

bool deal_matches(const Deal& d, const std::string& needle) {
    if (needle.empty()) return true;
    if (contains_folded(d.title, needle) || contains_folded(d.organization, needle) ||
        contains_folded(d.contact.name, needle) || contains_folded(d.contact.email, needle))
        return true;
    for (const std::string& l : d.labels)
        if (contains_folded(l, needle)) return true;
    return false;
}

static bool status_passes(DealStatus s, StatusFilter f) {
    switch (f) {
        case StatusFilter::Open: return s == DealStatus::Open;
        case StatusFilter::Won: return s == DealStatus::Won;
        case StatusFilter::Lost: return s == DealStatus::Lost;
        default: return true;
    }
}

static std::string fold_query(const std::string& search) {
    std::string needle;
    for (char c : search) needle += fold(c);
    // Trim spaces around the query: a trailing space while typing should not hide everything.
    size_t a = needle.find_first_not_of(' ');
    if (a == std::string::npos) return std::string();
    size_t b = needle.find_last_not_of(' ');
    return needle.substr(a, b - a + 1);
}

Board build_columns(const Workspace& ws, const BoardQuery& q) {
    Board b;
    const Pipeline* p = ws.find_pipeline(q.pipeline_id);
    if (!p) return b;
    std::unordered_map<std::string, size_t> column_of;
    std::vector<int> probability;
    for (const Stage& s : p->stages) {
        column_of[s.id] = b.columns.size();
        b.columns.push_back(Column{s.id, {}, {}});
        probability.push_back(s.probability);
    }
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        const Deal& d = ws.deals[i];
        if (d.pipeline_id != p->id || !status_passes(d.status, q.status)) continue;
        if (!q.owner_id.empty() && d.owner_id != q.owner_id) continue;
        auto it = column_of.find(d.stage_id);
        if (it == column_of.end()) continue;
        Column& col = b.columns[it->second];
        col.totals.count++;
        col.totals.value[d.currency] += d.value;
        col.totals.weighted[d.currency] += weighted_value(d.value, probability[it->second]);
        col.cards.push_back((uint32_t)i);
    }
    for (Column& col : b.columns) {
        // Newest in the stage on top; ties by id so the order never flickers between frames.
        std::sort(col.cards.begin(), col.cards.end(), [&](uint32_t a, uint32_t c) {
            const Deal& x = ws.deals[a];
            const Deal& y = ws.deals[c];
            if (x.stage_entered_at != y.stage_entered_at) return x.stage_entered_at > y.stage_entered_at;
            return x.id < y.id;
        });
        b.matching += col.cards.size();
    }
    return b;
}

void filter_columns(const Workspace& ws, const Board& all, const std::string& search, Board& out) {
    std::string needle = fold_query(search);
    out.columns.resize(all.columns.size());
    out.matching = 0;
    for (size_t k = 0; k < all.columns.size(); ++k) {
        const Column& src = all.columns[k];
        Column& dst = out.columns[k];
        dst.stage_id = src.stage_id;
        dst.totals = src.totals;
        dst.cards.clear();
        if (needle.empty()) {
            dst.cards = src.cards;
        } else {
            for (uint32_t i : src.cards)
                if (deal_matches(ws.deals[i], needle)) dst.cards.push_back(i);
        }
        out.matching += dst.cards.size();
    }
}

Board build_board(const Workspace& ws, const BoardQuery& q) {
    Board all = build_columns(ws, q);
    if (fold_query(q.search).empty()) return all;
    Board out;
    filter_columns(ws, all, q.search, out);
    return out;
}

}  // namespace kariz
