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

// Which column a deal's card stands in under the query (kNoColumn: none): the board's filters,
// for build_columns and update_columns alike.
struct ColumnOf {
    const Pipeline& p;
    const BoardQuery& q;
    std::unordered_map<std::string, uint32_t> by_stage;
    ColumnOf(const Pipeline& pipeline, const BoardQuery& query) : p(pipeline), q(query) {
        for (size_t c = 0; c < p.stages.size(); ++c) by_stage[p.stages[c].id] = (uint32_t)c;
    }
    uint32_t operator()(const Deal& d) const {
        if (d.pipeline_id != p.id || !status_passes(d.status, q.status)) return kNoColumn;
        if (!q.owner_id.empty() && d.owner_id != q.owner_id) return kNoColumn;
        if (!q.owner_ids.empty() && std::find(q.owner_ids.begin(), q.owner_ids.end(), d.owner_id) == q.owner_ids.end()) return kNoColumn;
        auto it = by_stage.find(d.stage_id);
        return it == by_stage.end() ? kNoColumn : it->second;
    }
};

// The sort key of a card where the order compares text: the title's or organization's collation
// key in the interface's alphabet (core/collation.h), an empty organization last. Empty otherwise.
static std::string order_key(const Deal& d, const BoardQuery& q) {
    if (q.order != CardOrder::Title && q.order != CardOrder::Organization) return std::string();
    const std::string& text = q.order == CardOrder::Title ? d.title : d.organization;
    return text.empty() ? std::string(1, '\xFF') : collation_key(text, q.collation);
}

// THE order of the cards in a column: build_columns sorts by it, update_columns inserts by it.
// `kx`, `ky`: order_key of x and y. Ties go by stage entry (newest first), then id, so the order
// is total and never flickers between frames.
static bool card_before(const Deal& x, const std::string& kx, const Deal& y, const std::string& ky, CardOrder order) {
    if (kx != ky) return kx < ky;
    if (order == CardOrder::ExpectedClose && x.expected_close != y.expected_close) {
        if (x.expected_close.empty() || y.expected_close.empty()) return y.expected_close.empty();  // no date: last
        return x.expected_close < y.expected_close;  // "YYYY-MM-DD" sorts as dates
    }
    if (x.stage_entered_at != y.stage_entered_at) return x.stage_entered_at > y.stage_entered_at;
    return x.id < y.id;
}

static void sort_cards(const Workspace& ws, const BoardQuery& q, std::vector<uint32_t>& cards) {
    if (q.order == CardOrder::Title || q.order == CardOrder::Organization) {
        // Keys made once per card, not once per comparison.
        std::vector<std::pair<std::string, uint32_t>> keyed;
        keyed.reserve(cards.size());
        for (uint32_t i : cards) keyed.emplace_back(order_key(ws.deals[i], q), i);
        std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& c) {
            return card_before(ws.deals[a.second], a.first, ws.deals[c.second], c.first, q.order);
        });
        for (size_t k = 0; k < cards.size(); ++k) cards[k] = keyed[k].second;
        return;
    }
    static const std::string no_key;
    std::sort(cards.begin(), cards.end(),
              [&](uint32_t a, uint32_t c) { return card_before(ws.deals[a], no_key, ws.deals[c], no_key, q.order); });
}

// The ids of the last deals of ws.deals, as the board was brought up to date.
static void keep_last_ids(const Workspace& ws, Board& b) {
    const size_t n = std::min(ws.deals.size(), kLastIdsKept);
    b.last_ids.resize(n);
    for (size_t k = 0; k < n; ++k) b.last_ids[k] = ws.deals[ws.deals.size() - n + k].id;
}

static uint32_t currency_index(Board& b, const std::string& currency) {
    for (size_t k = 0; k < b.currencies.size(); ++k)
        if (b.currencies[k] == currency) return (uint32_t)k;
    b.currencies.push_back(currency);
    return (uint32_t)b.currencies.size() - 1;
}

static CardSlot card_slot(Board& b, const Pipeline& p, const Deal& d, uint32_t column) {
    CardSlot s;
    s.column = column;
    s.currency = currency_index(b, d.currency);
    s.value = d.value;
    // The deal's own win estimate when the team set one, else the stage's (scoring.h).
    s.weighted = weighted_value(d.value, deal_win_probability(d, p.stages[column]));
    return s;
}

// A built column's totals from its cards' slots. Summed per currency in an array first: a map
// look-up per card would cost more than the rest of the build.
static void sum_totals(const Board& b, Column& col) {
    struct Sum { int64_t value = 0, weighted = 0; int deals = 0; };
    std::vector<Sum> sums(b.currencies.size());
    for (uint32_t i : col.cards) {
        const CardSlot& s = b.slots[i];
        sums[s.currency].value += s.value;
        sums[s.currency].weighted += s.weighted;
        sums[s.currency].deals++;
    }
    col.totals.count = (int)col.cards.size();
    for (size_t k = 0; k < sums.size(); ++k) {
        if (!sums[k].deals) continue;
        col.totals.value[b.currencies[k]] = sums[k].value;
        col.totals.weighted[b.currencies[k]] = sums[k].weighted;
        col.totals.deals[b.currencies[k]] = sums[k].deals;
    }
}

// One card in or out of its column's totals (update_columns).
static void add_to_totals(const Board& b, const CardSlot& s, ColumnTotals& t) {
    const std::string& currency = b.currencies[s.currency];
    t.count++;
    t.value[currency] += s.value;
    t.weighted[currency] += s.weighted;
    t.deals[currency]++;
}

static void take_from_totals(const Board& b, const CardSlot& s, ColumnTotals& t) {
    const std::string& currency = b.currencies[s.currency];
    t.count--;
    if (--t.deals[currency] > 0) {
        t.value[currency] -= s.value;
        t.weighted[currency] -= s.weighted;
        return;
    }
    t.value.erase(currency);  // its last deal: gone from the header, as in a column built without it
    t.weighted.erase(currency);
    t.deals.erase(currency);
}

Board build_columns(const Workspace& ws, const BoardQuery& q) {
    Board b;
    const Pipeline* p = ws.find_pipeline(q.pipeline_id);
    if (!p) return b;
    for (const Stage& s : p->stages) {
        b.columns.emplace_back();
        b.columns.back().stage_id = s.id;
        b.columns.back().probability = s.probability;
    }
    b.slots.resize(ws.deals.size());
    const ColumnOf column_of(*p, q);
    for (size_t i = 0; i < ws.deals.size(); ++i) {
        const Deal& d = ws.deals[i];
        const uint32_t c = column_of(d);
        if (c == kNoColumn) continue;
        b.slots[i] = card_slot(b, *p, d, c);
        b.columns[c].cards.push_back((uint32_t)i);
    }
    for (Column& col : b.columns) {
        sum_totals(b, col);  // before sorting: the cards are still in ws.deals order, so are their slots
        sort_cards(ws, q, col.cards);
        b.matching += col.cards.size();
    }
    keep_last_ids(ws, b);
    return b;
}

// A card's search text appended to its column's, and where it lies.
static CardText index_card(Column& col, const Deal& d) {
    CardText card;
    card.start = (uint32_t)col.search_text.size();
    append_search_text(col.search_text, d);
    card.size = (uint32_t)col.search_text.size() - card.start;
    card.pairs.add(std::string_view(col.search_text).substr(card.start));
    return card;
}

// The search index is built in two steps so that idle frames can build it a part at a time
// (index_search_step): first where each deal's card is, then the deals' text in ws.deals order.
// The deals are read in memory order, not in card order: cards are sorted by date, and following
// them jumps across ws.deals and their strings at random (a quarter more time at 100,000 deals,
// where this is bound by reading the deals' memory).
static void index_begin(const Workspace& ws, Board& b) {
    b.index_places.assign(ws.deals.size(), IndexPlace{kNoColumn, 0});
    for (size_t c = 0; c < b.columns.size(); ++c) {
        Column& col = b.columns[c];
        col.search_text.clear();
        col.search_dead = 0;
        col.search_cards.assign(col.cards.size(), CardText{});
        for (size_t k = 0; k < col.cards.size(); ++k) b.index_places[col.cards[k]] = IndexPlace{(uint32_t)c, (uint32_t)k};
    }
    b.index_next = 0;
    b.index_started = true;
}

// Indexes the deals from b.index_next up to `end` (at most ws.deals.size()).
static void index_deals(const Workspace& ws, Board& b, size_t end) {
    if (!b.index_started) index_begin(ws, b);
    end = std::min(end, ws.deals.size());
    for (size_t i = b.index_next; i < end; ++i) {
        const IndexPlace place = b.index_places[i];
        if (place.column == kNoColumn) continue;
        Column& col = b.columns[place.column];
        col.search_cards[place.card] = index_card(col, ws.deals[i]);
    }
    b.index_next = end;
    if (end < ws.deals.size()) return;
    b.search_indexed = true;
    b.index_started = false;
    std::vector<IndexPlace>().swap(b.index_places);
}

static void index_search_text(const Workspace& ws, Board& b) { index_deals(ws, b, ws.deals.size()); }

bool index_search_step(const Workspace& ws, Board& b, size_t deals) {
    if (!b.search_indexed) index_deals(ws, b, b.index_next + deals);
    return b.search_indexed;
}

// Takes out the cards whose deal positions are in `gone` (sorted), with their search entries;
// their search text stays behind as dead bytes.
static void remove_cards(Column& col, const std::vector<uint32_t>& gone, bool indexed) {
    size_t kept = 0;
    for (size_t k = 0; k < col.cards.size(); ++k) {
        if (std::binary_search(gone.begin(), gone.end(), col.cards[k])) {
            if (indexed) col.search_dead += col.search_cards[k].size;
            continue;
        }
        col.cards[kept] = col.cards[k];
        if (indexed) col.search_cards[kept] = col.search_cards[k];
        ++kept;
    }
    col.cards.resize(kept);
    if (indexed) col.search_cards.resize(kept);
}

// Inserts items[j] before v[at[j]] (`at` ascending, indices of v as it is), moving each element
// of v at most once.
template <class T>
static void insert_at(std::vector<T>& v, const std::vector<size_t>& at, const std::vector<T>& items) {
    size_t from = v.size();
    v.resize(v.size() + items.size());
    size_t to = v.size();
    for (size_t j = items.size(); j-- > 0;) {
        while (from > at[j]) v[--to] = v[--from];
        v[--to] = items[j];
    }
}

// Once the text of cards taken out is half of a column's search text, the live text is copied
// together, in card order.
static void compact_search_text(Column& col) {
    if (col.search_dead * 2 <= col.search_text.size()) return;
    std::string text;
    text.reserve(col.search_text.size() - col.search_dead);
    for (CardText& card : col.search_cards) {
        const uint32_t start = (uint32_t)text.size();
        text.append(col.search_text, card.start, card.size);
        card.start = start;
    }
    col.search_text.swap(text);
    col.search_dead = 0;
}

// Puts the cards of the deals at `arriving` into a sorted column: each one's place is found by
// bisection (the sort keys of ~17 cards of 100,000 made), then all go in in one pass.
static void insert_cards(const Workspace& ws, const BoardQuery& q, Column& col, const std::vector<uint32_t>& arriving,
                         bool indexed) {
    struct Arrival { size_t at; uint32_t pos; std::string key; };
    std::vector<Arrival> in;
    for (uint32_t pos : arriving) {
        const Deal& d = ws.deals[pos];
        std::string key = order_key(d, q);
        auto place = std::partition_point(col.cards.begin(), col.cards.end(), [&](uint32_t other) {
            const Deal& o = ws.deals[other];
            return card_before(o, order_key(o, q), d, key, q.order);
        });
        in.push_back(Arrival{(size_t)(place - col.cards.begin()), pos, std::move(key)});
    }
    std::sort(in.begin(), in.end(), [&](const Arrival& a, const Arrival& c) {
        return a.at != c.at ? a.at < c.at : card_before(ws.deals[a.pos], a.key, ws.deals[c.pos], c.key, q.order);
    });
    std::vector<size_t> at;
    std::vector<uint32_t> cards;
    std::vector<CardText> texts;
    for (const Arrival& a : in) {
        at.push_back(a.at);
        cards.push_back(a.pos);
        if (indexed) texts.push_back(index_card(col, ws.deals[a.pos]));
    }
    insert_at(col.cards, at, cards);
    if (indexed) {
        insert_at(col.search_cards, at, texts);
        compact_search_text(col);
    }
}

bool update_columns(const Workspace& ws, const BoardQuery& q, const std::vector<std::string>& touched, size_t removed,
                    Board& b) {
    const Pipeline* p = ws.find_pipeline(q.pipeline_id);
    if (!p || p->stages.size() != b.columns.size()) return false;
    for (size_t c = 0; c < b.columns.size(); ++c)
        if (b.columns[c].stage_id != p->stages[c].id || b.columns[c].probability != p->stages[c].probability) return false;
    // A search index only partly built by index_search_step knows where the cards were: it starts over.
    if (!b.search_indexed) b.index_started = false;
    // A change of more than ~1% of the deals (an import, a large bulk edit) is built again: it
    // changes much of the picture, and a build then costs little more than the update.
    if (touched.size() > ws.deals.size() / 100 + 16) return false;
    const size_t before = b.slots.size(), now = ws.deals.size();  // ws.deals' length then and now
    // Deals come and go only through the touched ones: otherwise the board is not of this history.
    if (now > before + touched.size() || before > now + removed) return false;

    // Positions whose card may be wrong now. apply_change changes a deal in place or appends it,
    // and removing one moves the last deal into its place: so besides the touched deals, only the
    // deals that stood at the last `removed` positions can have moved, and only into places the
    // removed deals left. Their places now, and those last positions, cover every card to redo.
    const size_t tail = before > removed ? before - removed : 0;
    if (before - tail > b.last_ids.size()) return false;  // more removed than last ids kept
    std::vector<uint32_t> stale;
    auto add_place_of = [&](const std::string& id) {
        auto it = ws.deal_index.find(id);
        if (it != ws.deal_index.end() && it->second < before) stale.push_back((uint32_t)it->second);
    };
    for (const std::string& id : touched) add_place_of(id);
    for (size_t k = b.last_ids.size() - (before - tail); k < b.last_ids.size(); ++k) add_place_of(b.last_ids[k]);
    for (size_t i = tail; i < before; ++i) stale.push_back((uint32_t)i);
    std::sort(stale.begin(), stale.end());
    stale.erase(std::unique(stale.begin(), stale.end()), stale.end());

    // Out with their cards.
    std::vector<std::vector<uint32_t>> gone(b.columns.size());
    for (uint32_t i : stale) {
        CardSlot& s = b.slots[i];
        if (s.column == kNoColumn) continue;
        take_from_totals(b, s, b.columns[s.column].totals);
        gone[s.column].push_back(i);
        s.column = kNoColumn;
    }
    for (size_t c = 0; c < b.columns.size(); ++c)
        if (!gone[c].empty()) remove_cards(b.columns[c], gone[c], b.search_indexed);
    b.slots.resize(now);

    // In with the cards of the deals now at those positions and at the end: the touched deals are
    // among them, and so is every deal moved in ws.deals (it took a removed deal's place).
    std::vector<uint32_t> fresh;
    for (uint32_t i : stale)
        if (i < now) fresh.push_back(i);
    for (size_t i = tail; i < now; ++i) fresh.push_back((uint32_t)i);
    std::sort(fresh.begin(), fresh.end());
    fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
    const ColumnOf column_of(*p, q);
    std::vector<std::vector<uint32_t>> arriving(b.columns.size());
    for (uint32_t i : fresh) {
        if (b.slots[i].column != kNoColumn) return false;  // a card left in place: cannot happen, but a build is safe
        const Deal& d = ws.deals[i];
        const uint32_t c = column_of(d);
        if (c == kNoColumn) continue;
        b.slots[i] = card_slot(b, *p, d, c);
        add_to_totals(b, b.slots[i], b.columns[c].totals);
        arriving[c].push_back(i);
    }
    b.matching = 0;
    for (size_t c = 0; c < b.columns.size(); ++c) {
        if (!arriving[c].empty()) insert_cards(ws, q, b.columns[c], arriving[c], b.search_indexed);
        b.matching += b.columns[c].cards.size();
    }
    keep_last_ids(ws, b);
    return true;
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
