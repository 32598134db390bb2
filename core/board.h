// Board index: which deals stand in which column, in what order, and the column totals.
// Derived from the workspace; views build it when the query changes and, after a change of a few
// deals, move only those deals' cards (update_columns).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>
#include "messages.h"
#include "model.h"
#include "money.h"

namespace kariz {

enum class StatusFilter { Open, Won, Lost, All };
// How cards are ordered in a column. Titles and organizations sort alphabetically for the
// interface language (core/collation.h); deals without an expected close date come last.
enum class CardOrder { NewestInStage, Title, Organization, ExpectedClose };
constexpr int kCardOrderCount = 4;

struct BoardQuery {
    std::string pipeline_id;
    std::string search;      // as typed; matched case-insensitively
    StatusFilter status = StatusFilter::Open;
    std::string owner_id;    // empty: every owner
    // Roles (core/roles.h visible_owners): only these owners' deals; empty: every owner. Applied when
    // the columns are built, once per change, so a seller's board costs nothing extra per frame.
    std::vector<std::string> owner_ids;
    CardOrder order = CardOrder::NewestInStage;
    Language collation = Language::English;  // the alphabet Title and Organization follow
    bool operator==(const BoardQuery& o) const {
        return pipeline_id == o.pipeline_id && search == o.search && status == o.status && owner_id == o.owner_id &&
               owner_ids == o.owner_ids && order == o.order && collation == o.collation;
    }
    bool operator!=(const BoardQuery& o) const { return !(*this == o); }
};

struct ColumnTotals {
    int count = 0;
    MoneyByCurrency value;     // sum of deal values per currency
    MoneyByCurrency weighted;  // value x stage probability, per currency
    // Deals per currency: a currency leaves value and weighted with its last deal, as if the
    // column had been built without it (a zero sum still shows while a deal has that currency).
    std::map<std::string, int> deals;
    bool operator==(const ColumnTotals& o) const {
        return count == o.count && value == o.value && weighted == o.weighted && deals == o.deals;
    }
};

// The byte pairs a text contains, each hashed to one of 256 bits. A text lacking one of a query's
// pairs cannot contain the query, so a search passes over most cards without reading their text.
struct BytePairs {
    uint64_t bits[4] = {0, 0, 0, 0};
    void add(std::string_view text);
    bool contains(const BytePairs& o) const {
        uint64_t missing = 0;
        for (int i = 0; i < 4; ++i) missing |= o.bits[i] & ~bits[i];
        return missing == 0;
    }
};

// Where a card's folded search text lies in its column's search_text, and its byte pairs.
struct CardText {
    uint32_t start = 0, size = 0;
    BytePairs pairs;
};

struct Column {
    std::string stage_id;
    int probability = 0;          // the stage's, as built: weighted totals depend on it
    std::vector<uint32_t> cards;  // positions in ws.deals that pass the search, newest in stage first
    ColumnTotals totals;          // over every deal of the stage with the status filter, search ignored
    // Search text of the cards, folded (fold_for_search) and laid end to end in ws.deals order;
    // card k's is search_cards[k]. A keystroke reads 40 bytes a card, and the text only of the
    // cards whose byte pairs allow a match. update_columns appends the text of the cards it puts
    // in and leaves that of the cards it takes out (search_dead bytes) until it is half the text.
    std::string search_text;
    std::vector<CardText> search_cards;
    size_t search_dead = 0;
};

// What the board knows of one position of ws.deals, as of its last build or update, so that an
// update can take a deal's card out although the deal has changed or is gone since: the column of
// its card and what the deal added to that column's totals.
constexpr uint32_t kNoColumn = UINT32_MAX;
struct CardSlot {
    uint32_t column = kNoColumn;  // kNoColumn: no card on this board
    uint32_t currency = 0;        // in Board::currencies
    int64_t value = 0, weighted = 0;
};
constexpr size_t kLastIdsKept = 64;  // Board::last_ids
struct IndexPlace {
    uint32_t column = kNoColumn, card = 0;
};

struct Board {
    std::vector<Column> columns;  // one per stage of the pipeline, in stage order
    size_t matching = 0;          // cards shown over all columns
    bool search_indexed = false;  // columns' search_text built (on the first search after a change)
    // A search index being built a part at a time (index_search_step): the next position of
    // ws.deals to index, and where each deal's card is.
    bool index_started = false;
    size_t index_next = 0;
    std::vector<IndexPlace> index_places;
    // Kept by build_columns and update_columns, empty in a board filter_columns made.
    std::vector<CardSlot> slots;          // one per position of ws.deals
    std::vector<std::string> currencies;  // CardSlot::currency
    // The ids of the last kLastIdsKept deals of ws.deals: removing a deal moves the last one into
    // its place, so these say which deals a few removals can have moved.
    std::vector<std::string> last_ids;
};

Board build_board(const Workspace& ws, const BoardQuery& q);

// Two-step form of build_board for the views: the sorted columns and their totals depend only
// on the workspace, pipeline, status and owner, so they are built once per change; typing in
// the search box then only filters the already sorted columns (no hashing, no sorting).
Board build_columns(const Workspace& ws, const BoardQuery& q);             // search ignored
// Brings `all` (build_columns with the same query, then updated) up to date after changes that
// touched the deals `touched` (Store::deals_touched_since: ids in the order applied, repeats
// allowed; `removed` of those changes took a deal out of ws.deals, moving the last deal into its
// place). Only the cards of those deals (and of deals moved in ws.deals) are taken out and put
// back at their place in the column's order, with the column totals and, once a search built it,
// their entries in the search index. Returns false when a full build is due instead (`all` may be
// half updated then): the pipeline or its stages changed, more than about 1% of the deals were
// touched, or more than kLastIdsKept removed.
bool update_columns(const Workspace& ws, const BoardQuery& q, const std::vector<std::string>& touched, size_t removed,
                    Board& all);
// Builds the columns' search index (folded text, byte pairs) the first time a search needs it,
// so a full build of the columns costs nothing for search until somebody types in the search box.
void filter_columns(const Workspace& ws, Board& all, const std::string& search, Board& out);
// Builds the next part of `all`'s search index: about `deals` positions of ws.deals (the workspace
// `all` was built or last updated from). Idle frames call it so that the first keystroke does not
// build the whole index (81 ms at 100,000 deals in the browser); a search before it is done builds
// the rest. Returns true once the index is complete. An update_columns in between starts it over.
bool index_search_step(const Workspace& ws, Board& all, size_t deals);

// Match of the search text against title, organization, contact and labels: case-insensitive,
// Arabic diacritics ignored, Arabic ي/ك matching Persian ی/ک (fold_for_search in bidi.h).
bool deal_matches(const Deal& d, const std::string& query);
std::string deal_search_text(const Deal& d);  // folded fields separated by '\n'

// Probability-weighted value in minor units, rounded half up.
int64_t weighted_value(int64_t value, int probability);

}  // namespace kariz
