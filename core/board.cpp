#include "board.h"
#include "collation.h"
#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include "bidi.h"
#include "scoring.h"

namespace kariz {

int64_t weighted_value(int64_t value, int probability) { return (value * probability + 50) / 100; }

static inline char fold(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

// ASCII text folds inline; only text with other letters goes through the full folding.
static void append_folded(std::string& out, const std::string& field) {
    bool ascii = true;
    for (char c : field) ascii = ascii && (unsigned char)c < 0x80;
    if (ascii) {
        for (char c : field) out += fold(c);
    } else {
        out += fold_for_search(field);
    }
    out += '\n';  // never inside a query, so a match cannot span two fields
}

std::string deal_search_text(const Deal& d) {
    std::string t;
    append_folded(t, d.title);
    append_folded(t, d.organization);
    append_folded(t, d.contact.name);
    append_folded(t, d.contact.email);
    for (const std::string& l : d.labels) append_folded(t, l);
    return t;
}

static std::string fold_query(const std::string& search) {
    std::string needle = fold_for_search(search);
    // Trim spaces around the query: a trailing space while typing should not hide everything.
    size_t a = needle.find_first_not_of(' ');
    if (a == std::string::npos) return std::string();
    size_t b = needle.find_last_not_of(" \n");
    return needle.substr(a, b - a + 1);
}

bool deal_matches(const Deal& d, const std::string& query) {
    std::string needle = fold_query(query);
    return needle.empty() || deal_search_text(d).find(needle) != std::string::npos;
}

static bool status_passes(DealStatus s, StatusFilter f) {
    switch (f) {
        case StatusFilter::Open: return s == DealStatus::Open;
        case StatusFilter::Won: return s == DealStatus::Won;
        case StatusFilter::Lost: return s == DealStatus::Lost;
        default: return true;
    }
}

// Ties go by stage entry (newest first), then id, so the order never flickers between frames.
static void sort_cards(const Workspace& ws, const BoardQuery& q, std::vector<uint32_t>& cards) {
    auto newest = [&](uint32_t a, uint32_t c) {
        const Deal& x = ws.deals[a];
        const Deal& y = ws.deals[c];
        if (x.stage_entered_at != y.stage_entered_at) return x.stage_entered_at > y.stage_entered_at;
        return x.id < y.id;
    };
    if (q.order == CardOrder::Title || q.order == CardOrder::Organization) {
        // Keys made once per card, not once per comparison.
        std::vector<std::pair<std::string, uint32_t>> keyed;
        keyed.reserve(cards.size());
        for (uint32_t i : cards) {
            const Deal& d = ws.deals[i];
            const std::string& text = q.order == CardOrder::Title ? d.title : d.organization;
            // An empty organization sorts last.
            keyed.emplace_back(text.empty() ? std::string(1, '\xFF') : collation_key(text, q.collation), i);
        }
        std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& c) {
            return a.first != c.first ? a.first < c.first : newest(a.second, c.second);
        });
        for (size_t k = 0; k < cards.size(); ++k) cards[k] = keyed[k].second;
        return;
    }
    std::sort(cards.begin(), cards.end(), [&](uint32_t a, uint32_t c) {
        const Deal& x = ws.deals[a];
        const Deal& y = ws.deals[c];
        if (q.order == CardOrder::ExpectedClose && x.expected_close != y.expected_close) {
            if (x.expected_close.empty() || y.expected_close.empty()) return y.expected_close.empty();
            return x.expected_close < y.expected_close;  // "YYYY-MM-DD" sorts as dates
        }
        return newest(a, c);
    });
}

Board build_columns(const Workspace& ws, const BoardQuery& q) {
    Board b;
    const Pipeline* p = ws.find_pipeline(q.pipeline_id);
    if (!p) return b;
    std::unordered_map<std::string, size_t> column_of;
    for (const Stage& s : p->stages) {
        column_of[s.id] = b.columns.size();
        b.columns.push_back(Column{s.id, {}, {}, {}, {}});
    }
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        const Deal& d = ws.deals[i];
        if (d.pipeline_id != p->id || !status_passes(d.status, q.status)) continue;
        if (!q.owner_id.empty() && d.owner_id != q.owner_id) continue;
        if (!q.owner_ids.empty() && std::find(q.owner_ids.begin(), q.owner_ids.end(), d.owner_id) == q.owner_ids.end()) continue;
        auto it = column_of.find(d.stage_id);
        if (it == column_of.end()) continue;
        Column& col = b.columns[it->second];
        col.totals.count++;
        col.totals.value[d.currency] += d.value;
        // The deal's own win estimate when the team set one, else the stage's (scoring.h).
        col.totals.weighted[d.currency] += weighted_value(d.value, deal_win_probability(d, p->stages[it->second]));
        col.cards.push_back((uint32_t)i);
    }
    for (Column& col : b.columns) {
        sort_cards(ws, q, col.cards);
        b.matching += col.cards.size();
    }
    return b;
}

static void index_search_text(const Workspace& ws, Board& b) {
    for (Column& col : b.columns) {
        col.search_text.clear();
        col.search_start.clear();
        col.search_start.reserve(col.cards.size() + 1);
        for (uint32_t i : col.cards) {
            col.search_start.push_back((uint32_t)col.search_text.size());
            const Deal& d = ws.deals[i];
            append_folded(col.search_text, d.title);
            append_folded(col.search_text, d.organization);
            append_folded(col.search_text, d.contact.name);
            append_folded(col.search_text, d.contact.email);
            for (const std::string& l : d.labels) append_folded(col.search_text, l);
        }
        col.search_start.push_back((uint32_t)col.search_text.size());
    }
    b.search_indexed = true;
}

void filter_columns(const Workspace& ws, Board& all, const std::string& search, Board& out) {
    std::string needle = fold_query(search);
    if (!needle.empty() && !all.search_indexed) index_search_text(ws, all);
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
            // Find each occurrence in the column's text, then the card it falls in; skip to the
            // next card after a hit so a card is listed once.
            std::string_view text(src.search_text);
            size_t pos = text.find(needle);
            while (pos != std::string_view::npos) {
                size_t k = (size_t)(std::upper_bound(src.search_start.begin(), src.search_start.end(), (uint32_t)pos) -
                                    src.search_start.begin()) - 1;
                dst.cards.push_back(src.cards[k]);
                pos = text.find(needle, src.search_start[k + 1]);
            }
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
