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

static void append_folded(std::string& out, const std::string& field) {
    append_folded_for_search(out, field);
    out += '\n';  // never inside a query, so a match cannot span two fields
}

static void append_search_text(std::string& out, const Deal& d) {
    append_folded(out, d.title);
    append_folded(out, d.organization);
    append_folded(out, d.contact.name);
    append_folded(out, d.contact.email);
    for (const std::string& l : d.labels) append_folded(out, l);
}

std::string deal_search_text(const Deal& d) {
    std::string t;
    append_search_text(t, d);
    return t;
}

void BytePairs::add(std::string_view text) {
    for (size_t i = 1; i < text.size(); ++i) {
        // Fibonacci hashing of the pair: its top 8 bits pick the bit.
        uint32_t h = (((uint32_t)(unsigned char)text[i - 1] << 8) | (unsigned char)text[i]) * 0x9E3779B1u >> 24;
        bits[h >> 6] |= 1ull << (h & 63);
    }
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
        b.columns.emplace_back();
        b.columns.back().stage_id = s.id;
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
    // The deals are read in memory order, not in card order: cards are sorted by date, and
    // following them jumps across ws.deals and their strings at random (a quarter more time at
    // 100,000 deals, where this is bound by reading the deals' memory).
    struct Place { uint32_t column, card; };
    std::vector<Place> place(ws.deals.size(), Place{UINT32_MAX, 0});
    for (size_t c = 0; c < b.columns.size(); ++c) {
        Column& col = b.columns[c];
        col.search_text.clear();
        col.search_cards.assign(col.cards.size(), CardText{});
        for (size_t k = 0; k < col.cards.size(); ++k) place[col.cards[k]] = Place{(uint32_t)c, (uint32_t)k};
    }
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        if (place[i].column == UINT32_MAX) continue;
        Column& col = b.columns[place[i].column];
        CardText& card = col.search_cards[place[i].card];
        card.start = (uint32_t)col.search_text.size();
        append_search_text(col.search_text, ws.deals[i]);
        card.size = (uint32_t)col.search_text.size() - card.start;
        card.pairs.add(std::string_view(col.search_text).substr(card.start));
    }
    b.search_indexed = true;
}

void filter_columns(const Workspace& ws, Board& all, const std::string& search, Board& out) {
    const std::string needle = fold_query(search);
    if (!needle.empty() && !all.search_indexed) index_search_text(ws, all);
    BytePairs wanted;
    wanted.add(needle);
    out.columns.resize(all.columns.size());
    out.matching = 0;
    for (size_t c = 0; c < all.columns.size(); ++c) {
        const Column& src = all.columns[c];
        Column& dst = out.columns[c];
        dst.stage_id = src.stage_id;
        dst.totals = src.totals;
        if (needle.empty()) {
            dst.cards = src.cards;
        } else {
            dst.cards.clear();
            const std::string_view text(src.search_text);
            for (size_t k = 0; k < src.cards.size(); ++k) {
                const CardText& card = src.search_cards[k];
                if (card.pairs.contains(wanted) && text.substr(card.start, card.size).find(needle) != std::string_view::npos)
                    dst.cards.push_back(src.cards[k]);
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
