// The hand-written time formatting and the string_view reader (issue 7: faster import/export).
#include <doctest/doctest.h>
#include <cstdio>
#include "dates.h"
#include "snapshot.h"
#include "store.h"

using namespace kariz;

// The reference: what format_iso_time produced with snprintf before it placed digits by hand.
static std::string iso_reference(Time t) {
    int64_t days = t / 86400 - ((t % 86400 != 0) && t < 0);
    int64_t secs = t - days * 86400;
    int y; unsigned m, d;
    civil_from_days(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    return buf;
}

TEST_CASE("format_iso_time matches the printf reference across eras and round-trips through parse_iso_time") {
    const Time samples[] = {0, 1, 59, 86399, 86400, 951782400 /* 2000-02-29 */, 1795366086, 253402300799 /* 9999-12-31T23:59:59 */,
                            -1, -86400, -62135596800 /* 0001-01-01 */, 253402300800 /* year 10000 */, -62198755200 /* year -1 */};
    for (Time t : samples) {
        CAPTURE(t);
        CHECK(format_iso_time(t) == iso_reference(t));
        std::string appended = "x";
        append_iso_time(appended, t);
        CHECK(appended == "x" + iso_reference(t));
    }
    for (Time t = -400LL * 366 * 86400; t < 400LL * 366 * 86400; t += 86400 * 37 + 3727) {
        Time back = 0;
        REQUIRE(parse_iso_time(format_iso_time(t), back));
        CHECK(back == t);
    }
}

TEST_CASE("parse_iso_time accepts only Z or +00:00 after the seconds") {
    Time t = 0;
    CHECK(parse_iso_time("2026-11-22T16:48:06Z", t));
    CHECK(t == 1795366086);
    CHECK(parse_iso_time("2026-11-22T16:48:06+00:00", t));
    CHECK(parse_iso_time("2026-11-22T16:48:06.250Z", t));
    CHECK_FALSE(parse_iso_time("2026-11-22T16:48:06", t));
    CHECK_FALSE(parse_iso_time("2026-11-22T16:48:06ZZ", t));
    CHECK_FALSE(parse_iso_time("2026-11-22T16:48:06+01:00", t));
    CHECK_FALSE(parse_iso_time("2026-11-22T16:48:06+00:0", t));
}

TEST_CASE("read_snapshot reads a view into a larger buffer and stops at its end") {
    Workspace ws;
    ws.settings.default_currency = "EUR";
    ws.pipelines = {{"p1", "Sales", {{"p1-lead", "Lead", 10, 14}}}};
    std::string text = write_snapshot(ws, 1795366086);
    std::string padded = text + "GARBAGE AFTER THE VIEW";
    Workspace back;
    std::string error;
    CHECK(read_snapshot(std::string_view(padded.data(), text.size()), back, error));
    CHECK_MESSAGE(error.empty(), error);
    CHECK_FALSE(read_snapshot(std::string_view(padded.data(), text.size() - 1), back, error));
    CHECK(error.find("ends too early") != std::string::npos);
}

// A workspace of `n` deals in one stage; deal i's notes are `notes_bytes(i)` long.
template <class NotesBytes>
static Workspace deals_workspace(size_t n, NotesBytes notes_bytes) {
    Workspace ws;
    ws.settings.default_currency = "EUR";
    ws.pipelines = {{"p1", "Sales", {{"p1-lead", "Lead", 10, 14}}}};
    for (size_t i = 0; i < n; ++i) {
        Deal d;
        d.id = "deal-id-long-enough-for-the-heap-" + std::to_string(i);
        d.title = "Deal " + std::to_string(i);
        d.pipeline_id = "p1";
        d.stage_id = "p1-lead";
        d.notes.assign(notes_bytes(i), 'n');
        d.created_at = d.updated_at = d.stage_entered_at = 1795366086;
        d.history.push_back({"p1-lead", 1795366086, 0, "", false, {}});
        ws.deals.push_back(d);
    }
    return ws;
}

TEST_CASE("read_snapshot reads every deal whatever their sizes (the deals vector grows by estimate)") {
    // Small deals first and large ones after (the estimate falls short), then the reverse (it overshoots).
    const size_t n = 3000;
    for (bool growing : {true, false}) {
        CAPTURE(growing);
        Workspace ws = deals_workspace(n, [&](size_t i) { return growing ? (i < 100 ? 0 : 2000) : (i < 100 ? 2000 : 0); });
        Workspace back;
        std::string error;
        REQUIRE_MESSAGE(read_snapshot(write_snapshot(ws, 1795366086), back, error), error);
        REQUIRE(back.deals.size() == n);
        CHECK(back.deals.capacity() <= n + n / 4);
        for (size_t i = 0; i < n; i += 97) {
            CHECK(back.deals[i].id == ws.deals[i].id);
            CHECK(back.deals[i].notes == ws.deals[i].notes);
        }
    }
}

TEST_CASE("read_snapshot hands Store::load its index; a workspace put together otherwise gets one built") {
    Workspace ws = deals_workspace(50, [](size_t) { return 0; });
    Workspace back;
    std::string error;
    REQUIRE_MESSAGE(read_snapshot(write_snapshot(ws, 1795366086), back, error), error);
    CHECK(back.index_is_current());
    Store store;
    store.load(std::move(back));
    REQUIRE(store.ws().find_deal(ws.deals[17].id) != nullptr);
    CHECK(store.ws().find_deal(ws.deals[17].id) == &store.ws().deals[17]);

    // No index, a stale one of the right size, deals swapped after indexing, a duplicate id.
    Workspace none = ws;
    none.deal_index.clear();
    Workspace stale = ws;
    stale.rebuild_index();
    stale.deals[3].id = "renamed";
    Workspace swapped = ws;
    swapped.rebuild_index();
    std::swap(swapped.deals[1], swapped.deals[2]);
    Workspace twice = ws;
    twice.rebuild_index();
    twice.deals[5].id = twice.deals[6].id;
    for (Workspace* w : {&none, &stale, &swapped, &twice}) {
        CHECK_FALSE(w->index_is_current());
        Store s;
        s.load(*w);
        for (size_t i = 0; i < w->deals.size(); ++i) {
            const Deal* found = s.ws().find_deal(w->deals[i].id);
            REQUIRE(found != nullptr);
            if (w != &twice || i != 5) CHECK(found == &s.ws().deals[i]);  // a duplicate id: the last one wins
        }
    }
}
