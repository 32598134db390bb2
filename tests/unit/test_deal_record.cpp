// Stored deal records (core/deal_record.h): every field comes back as written, a damaged record
// is refused with a message (never a crash, never a deal the snapshot reader would refuse), and
// a stored board of records, JSON from earlier versions, or both reads as its snapshot does.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dates.h"
#include "deal_record.h"
#include "snapshot.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

const Time kT0 = 1795000000;

// A deal with every field away from its default, in Persian and English.
Deal full_deal() {
    Deal d;
    d.id = "3f1c2a9e-0000-4000-8000-0000000000aa";
    d.title = "قرارداد پشتیبانی سالانه";
    d.organization = "Acme GmbH";
    d.contact = {"Sara Ahmadi", "sara@example.org", "+98 21 5555 0101"};
    d.value = 1250000;
    d.currency = "IRR";
    d.owner_id = "u-2";
    d.pipeline_id = "p-1";
    d.stage_id = "s-3";
    d.status = DealStatus::Lost;
    d.lost_reason = "price";
    d.source = DealSource::Outbound;
    d.labels = {"VIP", "شرکتی"};
    d.expected_close = "2027-02-28";
    d.notes = "Line one\nLine two \"quoted\" \\ back";
    d.created_at = kT0;
    d.updated_at = kT0 + 500;
    d.stage_entered_at = kT0 + 200;
    d.closed_at = kT0 + 900;
    d.history = {{"s-1", kT0, kT0 + 100, "", true, {"criterion:budget", "field:contact.email"}},
                 {"s-3", kT0 + 200, 0, "the customer asked", false, {}}};
    d.framework_id = "meddic";
    d.criteria = {{"budget", CriterionState::Met, "approved"}, {"authority", CriterionState::NotMet, ""}};
    d.activities = {{"a-1", ActivityKind::Meeting, true, false, kT0 + 50, "demo"}, {"a-2", ActivityKind::Email, false, true, kT0 + 60, ""}};
    d.next = {ActivityKind::Message, kT0 + 86400, "send the offer"};
    d.priority = 2;
    d.dq_reason = "other";
    d.dq_note = "budget frozen";
    d.org = {"software", 120, 5000000, "EUR", "EMEA", {"slow onboarding"}};
    d.win_probability = 35;
    d.sync.rev = {"device-a", 42, kT0 + 500};
    d.sync.seen = {{"device-a", 42}, {"device-b", 7}};
    d.sync.stamps = {{"title", "device-a", 40}, {"stage", "device-b", 7}};
    return d;
}

std::string record_of(const Deal& d) {
    std::string r;
    append_deal_record(r, d);
    return r;
}

// What the record reader says of `bytes` ("" when it reads them).
std::string refusal(const std::string& bytes) {
    Deal d;
    std::string error;
    if (read_deal_record(bytes, d, error)) return "";
    CHECK(!error.empty());
    return error;
}

}  // namespace

TEST_CASE("deal record: every field comes back as it was written") {
    const Deal d = full_deal();
    Deal back;
    std::string error;
    REQUIRE_MESSAGE(read_deal_record(record_of(d), back, error), error);
    CHECK(deal_to_json(back) == deal_to_json(d));
    // What the snapshot does not show: whether a stay recorded what was known.
    REQUIRE(back.history.size() == 2);
    CHECK(back.history[0].known_recorded);
    CHECK(!back.history[1].known_recorded);
    CHECK(back.history[0].known == d.history[0].known);
    CHECK(back.sync.stamps.size() == 2);
    CHECK(back.sync.stamps[1].field == "stage");
    // Smaller than the deal's JSON: no member names, numbers instead of ISO times.
    CHECK(record_of(d).size() * 2 < deal_to_json(d).size() + 200);
}

TEST_CASE("deal record: the sample board's deals come back as they were") {
    const Workspace ws = load_sample_workspace();
    REQUIRE(!ws.deals.empty());
    for (const Deal& d : ws.deals) {
        Deal back;
        std::string error;
        REQUIRE_MESSAGE(read_deal_record(record_of(d), back, error), error);
        CHECK(deal_to_json(back) == deal_to_json(d));
    }
}

// sizeof(Deal) on the native test build (x86-64, libstdc++). A new field changes it: add the
// field to walk_deal in core/deal_record.cpp (and a value for it to full_deal above), then the
// size here. Without that, the browser would store deals without the new field.
TEST_CASE("deal record: Deal has the fields walk_deal knows") {
#if defined(__x86_64__) && defined(__GLIBCXX__)
    CHECK(sizeof(Deal) == 960);
#endif
}

TEST_CASE("deal record: a cut record is refused, wherever it is cut") {
    const std::string r = record_of(full_deal());
    for (size_t n = 0; n < r.size(); ++n) {
        const std::string why = refusal(r.substr(0, n));
        CHECK_MESSAGE(!why.empty(), "cut at " << n);
    }
    CHECK(refusal(r + '\0') == "the record goes on after its last field");
}

TEST_CASE("deal record: a damaged byte is refused or reads as a deal that can be stored again") {
    const std::string r = record_of(full_deal());
    size_t refused = 0;
    for (size_t i = 0; i < r.size(); ++i)
        for (unsigned char flip : {0x01, 0x80, 0xFF}) {
            std::string damaged = r;
            damaged[i] = static_cast<char>(static_cast<unsigned char>(damaged[i]) ^ flip);
            Deal d;
            std::string error;
            if (!read_deal_record(damaged, d, error)) {
                ++refused;
                continue;
            }
            // Read: then it is a deal the reader accepts as a whole, again and in a snapshot.
            Deal again;
            CHECK_MESSAGE(read_deal_record(record_of(d), again, error), "byte ", i, ": ", error);
            CHECK(deal_to_json(again) == deal_to_json(d));
        }
    CHECK(refused > r.size());  // most damage is noticed
}

TEST_CASE("deal record: what the snapshot reader refuses, the record reader refuses too") {
    auto with = [](auto change) {
        Deal d = full_deal();
        change(d);
        return refusal(record_of(d));
    };
    CHECK(with([](Deal& d) { d.title = std::string(301, 'x'); }) == "title: too long (301 bytes, at most 300)");
    CHECK(with([](Deal& d) { d.title.clear(); }) == "title: must not be empty");
    CHECK(with([](Deal& d) { d.id = "a\nb"; }) == "id: must not contain control characters");
    CHECK(with([](Deal& d) { d.notes = "bad \xC0\xAF byte"; }) == "notes: not UTF-8 text");
    CHECK(with([](Deal& d) { d.notes = "\xED\xA0\x80"; }) == "notes: not UTF-8 text");  // a surrogate
    CHECK(with([](Deal& d) { d.status = static_cast<DealStatus>(7); }) == "status: unknown value 7");
    CHECK(with([](Deal& d) { d.value = -1; }) == "value: expected a number from 0 to 1000000000000000");
    CHECK(with([](Deal& d) { d.currency = "eur"; }) == "currency: expected a three-letter currency code like \"EUR\"");
    CHECK(with([](Deal& d) { d.expected_close = "2027-02-30"; }) == "expected_close: expected a date YYYY-MM-DD or \"\"");
    CHECK(with([](Deal& d) { d.created_at = -62167219201; }) == "created_at: expected a time in the years 0000 to 9999");
    CHECK(with([](Deal& d) { d.labels.assign(51, "x"); }) == "labels: too many entries (51, at most 50)");
    CHECK(with([](Deal& d) { d.sync.seen = {{"b", 1}, {"a", 1}}; }) == "sync.seen: devices out of order or repeated");
    CHECK(with([](Deal& d) { d.sync.rev.device.clear(); }) == "sync.rev.device: must not be empty");
    CHECK(with([](Deal& d) { d.win_probability = 101; }) == "win_probability: expected a number from -1 to 100");
    CHECK(!with([](Deal& d) { d.org.revenue_currency = "euro"; }).empty());
    // The limits are the snapshot reader's: the same deals in a snapshot are refused there too.
    CHECK(is_iso_time_range(-62167219200));  // 0000-01-01T00:00:00Z
    CHECK(!is_iso_time_range(253402300800));  // 10000-01-01T00:00:00Z
    Time t;
    REQUIRE(parse_iso_time("9999-12-31T23:59:59Z", t));
    CHECK(is_iso_time_range(t));
}

TEST_CASE("deal record: versions, JSON and counts that claim more than the record holds") {
    std::string r = record_of(full_deal());
    CHECK(is_deal_record(r));
    CHECK(!is_deal_record("{\"id\":\"x\"}"));
    CHECK(!is_deal_record(""));
    r[1] = 2;
    CHECK(refusal(r) == "a stored deal record of version 2, which this version of Kariz does not read (it reads version 1)");
    CHECK(refusal("{}") == "not a stored deal record");
    // A string or a list longer than what is left is noticed before anything is allocated.
    std::string huge("\0\1", 2);
    huge += "\xFF\xFF\xFF\xFF\x0F";  // an id of 4 GB
    CHECK(refusal(huge) == "id: the record ends too early");
}

// ---------------------------------------------------------------- a stored board

namespace {

struct Stored {
    std::string bytes;
    std::vector<uint32_t> ends;
    void add(const std::string& record) {
        if (!ends.empty()) bytes += ',';
        bytes += record;
        ends.push_back(static_cast<uint32_t>(bytes.size()));
    }
};

}  // namespace

TEST_CASE("stored board: deal records, JSON records and both mixed read as the snapshot does") {
    const Workspace sample = load_sample_workspace();
    REQUIRE(sample.deals.size() >= 4);
    const std::string head = snapshot_head(sample, kT0, nullptr);
    Workspace expected;
    std::string error;
    REQUIRE_MESSAGE(read_snapshot(write_snapshot(sample, ExportInfo{}), expected, error), error);

    for (int mode = 0; mode < 3; ++mode) {  // 0: records, 1: JSON, 2: alternating
        CAPTURE(mode);
        Stored s;
        for (size_t i = 0; i < sample.deals.size(); ++i) {
            const bool json = mode == 1 || (mode == 2 && i % 3 != 0);
            s.add(json ? deal_to_json(sample.deals[i]) : record_of(sample.deals[i]));
        }
        SnapshotPieces pieces;
        Workspace ws;
        REQUIRE_MESSAGE(pieces.begin(head, sample.deals.size(), error), error);
        // In two parts, as two chunks arrive: the second starts inside a run of JSON records.
        const size_t half = s.ends.size() / 2;
        const std::string first = s.bytes.substr(0, s.ends[half - 1]);
        std::vector<uint32_t> second_ends;
        for (size_t i = half; i < s.ends.size(); ++i) second_ends.push_back(s.ends[i] - s.ends[half - 1] - 1);
        REQUIRE_MESSAGE(pieces.add_records(first, s.ends.data(), half, error), error);
        REQUIRE_MESSAGE(pieces.add_records(s.bytes.substr(s.ends[half - 1] + 1), second_ends.data(), second_ends.size(), error), error);
        const size_t json = pieces.json_records();
        REQUIRE_MESSAGE(pieces.finish(ws, error), error);
        CHECK(write_snapshot(ws, ExportInfo{}) == write_snapshot(expected, ExportInfo{}));
        CHECK(ws.deal_index == expected.deal_index);
        CHECK((json == 0) == (mode == 0));
        if (mode == 1) CHECK(json == sample.deals.size());
    }
}

TEST_CASE("stored board: a bad record or bad bounds stop the read with a message") {
    const Workspace sample = load_sample_workspace();
    const std::string head = snapshot_head(sample, kT0, nullptr);
    auto read = [&](const Stored& s) {
        SnapshotPieces pieces;
        Workspace ws;
        std::string error;
        REQUIRE_MESSAGE(pieces.begin(head, 0, error), error);
        if (pieces.add_records(s.bytes, s.ends.data(), s.ends.size(), error) && pieces.finish(ws, error)) return std::string();
        return error;
    };
    Stored s;
    for (size_t i = 0; i < 3; ++i) s.add(record_of(sample.deals[i]));
    Deal bad = sample.deals[3];
    bad.title = std::string(400, 't');
    s.add(record_of(bad));
    CHECK(read(s) == "deals[3] (a stored record): title: too long (400 bytes, at most 300)");

    Stored twice;  // the same deal twice: caught where a snapshot's would be
    twice.add(record_of(sample.deals[0]));
    twice.add(record_of(sample.deals[0]));
    CHECK(read(twice).find("deals[1].id") != std::string::npos);

    Stored bounds;
    bounds.add(record_of(sample.deals[0]));
    bounds.ends[0] += 5;
    CHECK(read(bounds) == "deals: the stored records' bounds are damaged");

    Stored json_bad;  // a JSON record from an earlier version, damaged: the JSON reader's message
    json_bad.add(record_of(sample.deals[0]));
    json_bad.add("{\"id\":");
    CHECK(read(json_bad).find("deals: a stored batch of deals") == 0);
}
