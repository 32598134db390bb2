// Snapshot JSON: round trips, the exact error messages, and that a failed read changes nothing.
#include <doctest/doctest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "dates.h"
#include "snapshot.h"

using namespace kariz;
using json = nlohmann::json;

namespace {

const Time kT0 = 1795000000;  // 2026-11-18T...Z
const Time kExport = kT0 + 5 * 86400;

Deal make_deal(const std::string& id, const std::string& title) {
    Deal d;
    d.id = id;
    d.title = title;
    d.owner_id = "u1";
    d.pipeline_id = "p1";
    d.stage_id = "p1-lead";
    d.created_at = d.updated_at = d.stage_entered_at = kT0;
    d.history = {{"p1-lead", kT0, 0}};
    return d;
}

// Two users, two pipelines and four deals covering every field and status.
Workspace sample() {
    Workspace ws;
    ws.settings = {"EUR", "u2", "Kariz GmbH"};
    ws.users = {{"u1", "Amir Karimi", "AK", Role::Seller}, {"u2", "ليلى حسن", "LH", Role::Manager}};
    ws.pipelines = {{"p1", "Sales", {{"p1-unsorted", "Unsorted", 0, 0}, {"p1-lead", "Lead", 10, 14}, {"p1-close", "Close", 90, 7}}},
                    {"p2", "فروش سازمانی", {{"p2-unsorted", "Unsorted", 0, 0}, {"p2-offer", "پیشنهاد تجاری", 50, 30}}}};
    Deal a = make_deal("3f1c2a9e-0000-4000-8000-000000000001", "قرارداد پشتیبانی");
    a.organization = "شرکت نمونه";
    a.contact = {"Sara \"Q\" O'Neil", "sara@example.com", "+98 21 1234 5678"};
    a.value = 1250000;
    a.labels = {"hot", "enterprise", "اولویت"};
    a.expected_close = "2026-12-01";
    a.notes = "Line one\nLine two\ttabbed \\ backslash \x01 control";
    a.stage_id = "p1-close";
    a.stage_entered_at = kT0 + 3600;
    a.history = {{"p1-unsorted", kT0 - 86400, kT0}, {"p1-lead", kT0, kT0 + 3600}, {"p1-close", kT0 + 3600, 0}};
    Deal b = make_deal("3f1c2a9e-0000-4000-8000-000000000002", "Website redesign");
    b.value = 990000;
    b.currency = "JPY";
    b.status = DealStatus::Won;
    b.closed_at = kT0 + 7200;
    b.source = DealSource::Outbound;
    Deal c = make_deal("3f1c2a9e-0000-4000-8000-000000000003", "Lost one");
    c.pipeline_id = "p2";
    c.stage_id = "p2-offer";
    c.owner_id = "";
    c.value = 1500;
    c.currency = "KWD";
    c.status = DealStatus::Lost;
    c.lost_reason = "بودجه ندارد";
    c.closed_at = kT0 + 100;
    c.history = {{"deleted-stage", kT0 - 500, kT0}, {"p2-offer", kT0, 0}};
    Deal d = make_deal("3f1c2a9e-0000-4000-8000-000000000004", "Fourth");
    ws.deals = {a, b, c, d};
    ws.rebuild_index();
    return ws;
}

// The sample written out, changed by `edit` as a JSON tree, and written again (keys then come in
// alphabetical order, so "deals" precedes "pipelines" and "users": the reader must not mind).
std::string edited(const std::function<void(json&)>& edit) {
    json doc = json::parse(write_snapshot(sample(), kExport));
    edit(doc);
    return doc.dump();
}

// Reads `text` into a filled workspace, expects failure, checks nothing changed, returns the error.
std::string rejected(const std::string& text) {
    Workspace out = sample();
    const std::string before = write_snapshot(out, kExport);
    std::string error;
    SnapshotSummary summary;
    CHECK_FALSE(read_snapshot(text, out, error, &summary));
    CHECK(write_snapshot(out, kExport) == before);
    CHECK(out.deal_index.size() == 4);
    CHECK(out.find_deal("3f1c2a9e-0000-4000-8000-000000000004") == &out.deals[3]);
    CHECK_FALSE(error.empty());
    return error;
}

}  // namespace

TEST_CASE("snapshot: round trip keeps every field and writes identical text") {
    const Workspace ws = sample();
    const std::string text = write_snapshot(ws, kExport);
    CHECK(text.rfind("{\"format\":\"kariz.snapshot\",\"version\":2,\"exported_at\":\"2026-11-23T", 0) == 0);
    CHECK(text.find("قرارداد پشتیبانی") != std::string::npos);  // UTF-8 kept as is, not \u-escaped
    CHECK(text.find("\"closed_at\":null") != std::string::npos);
    CHECK(text.find("\"left\":null") != std::string::npos);

    Workspace back;
    std::string error;
    SnapshotSummary summary;
    REQUIRE_MESSAGE(read_snapshot(text, back, error, &summary), error);
    CHECK(write_snapshot(back, kExport) == text);
    REQUIRE(back.deals.size() == ws.deals.size());
    for (size_t i = 0; i < ws.deals.size(); ++i) CHECK(deal_to_json(back.deals[i]) == deal_to_json(ws.deals[i]));
    const Deal& a = back.deals[0];
    CHECK(a.title == "قرارداد پشتیبانی");
    CHECK(a.contact.name == "Sara \"Q\" O'Neil");
    CHECK(a.notes == ws.deals[0].notes);
    CHECK(a.labels == std::vector<std::string>{"hot", "enterprise", "اولویت"});
    CHECK(a.history == ws.deals[0].history);
    CHECK(back.deals[1].currency == "JPY");
    CHECK(back.deals[1].closed_at == kT0 + 7200);
    CHECK(back.deals[2].currency == "KWD");
    CHECK(back.deals[2].lost_reason == "بودجه ندارد");
    CHECK(back.pipelines[1].stages[1].name == "پیشنهاد تجاری");
    CHECK(back.users[1].role == Role::Manager);
    CHECK(back.settings.company_name == "Kariz GmbH");
    CHECK(back.find_deal(ws.deals[2].id) == &back.deals[2]);

    CHECK(summary.version == 2);
    CHECK(summary.exported_at == format_iso_time(kExport));
    CHECK(summary.pipelines == 2);
    CHECK(summary.users == 2);
    CHECK(summary.deals == 4);
    CHECK(summary.open_deals == 2);
}

TEST_CASE("snapshot: head plus deals joined equals write_snapshot") {
    const Workspace ws = sample();
    std::string joined = snapshot_head(ws, kExport);
    CHECK(joined.substr(joined.size() - 9) == "\"deals\":[");
    for (size_t i = 0; i < ws.deals.size(); ++i) joined += (i ? "," : "") + deal_to_json(ws.deals[i]);
    joined += "]}";
    CHECK(joined == write_snapshot(ws, kExport));

    Workspace empty = ws;
    empty.deals.clear();
    CHECK(write_snapshot(empty, kExport) == snapshot_head(empty, kExport) + "]}");
}

TEST_CASE("snapshot: optional fields take their defaults and unknown fields are ignored") {
    std::string text = edited([](json& j) {
        json& d = j["deals"][3];
        for (const char* k : {"contact", "lost_reason", "labels", "expected_close", "notes", "closed_at", "history", "source", "organization"})
            d.erase(k);
        d["stage_entered_at"] = "2026-11-20T10:00:00.250+00:00";  // fraction and offset are accepted
        d["a_future_field"] = {{"nested", true}};
        j.erase("exported_at");
        j["settings"].erase("company_name");
        j["settings"].erase("current_user_id");
    });
    Workspace out;
    std::string error;
    SnapshotSummary summary;
    REQUIRE_MESSAGE(read_snapshot(text, out, error, &summary), error);
    const Deal& d = out.deals[3];
    CHECK(d.contact.email.empty());
    CHECK(d.labels.empty());
    CHECK(d.source == DealSource::Inbound);
    CHECK(d.closed_at == 0);
    Time entered = 0;
    REQUIRE(parse_iso_time("2026-11-20T10:00:00Z", entered));
    REQUIRE(d.history.size() == 1);
    CHECK(d.history[0] == StageVisit{"p1-lead", entered, 0});
    CHECK(summary.exported_at.empty());
    CHECK(out.settings.current_user_id.empty());
}

TEST_CASE("snapshot: wrong types and missing fields name the place") {
    CHECK(rejected(edited([](json& j) { j["deals"][3]["value"] = 12.5; })) == "deals[3].value: expected an integer");
    CHECK(rejected(edited([](json& j) { j["deals"][3]["value"] = "12"; })) == "deals[3].value: expected an integer");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["contact"]["email"] = 7; })) == "deals[0].contact.email: expected a string");
    CHECK(rejected(edited([](json& j) { j["deals"][1]["labels"] = "hot"; })) == "deals[1].labels: expected an array");
    CHECK(rejected(edited([](json& j) { j["deals"][2] = 5; })) == "deals[2]: expected an object");
    CHECK(rejected(edited([](json& j) { j["pipelines"][1]["stages"][1]["probability"] = 101; })) ==
          "pipelines[1].stages[1].probability: must be between 0 and 100");
    CHECK(rejected(edited([](json& j) { j["pipelines"][0]["stages"][2]["rotting_days"] = 4000; })) ==
          "pipelines[0].stages[2].rotting_days: must be between 0 and 3650");
    CHECK(rejected(edited([](json& j) { j["deals"][1].erase("title"); })) == "deals[1]: missing field \"title\"");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["history"][1].erase("left"); })) == "deals[0].history[1]: missing field \"left\"");
    CHECK(rejected(edited([](json& j) { j.erase("users"); })) == "missing field \"users\"");
    CHECK(rejected(edited([](json& j) { j.erase("deals"); })) == "missing field \"deals\"");
    CHECK(rejected(edited([](json& j) { j["users"][0]["role"] = "boss"; })) == "users[0].role: expected \"seller\" or \"manager\"");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["status"] = "maybe"; })) == "deals[0].status: expected \"open\", \"won\", \"lost\" or \"disqualified\"");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["title"] = ""; })) == "deals[0].title: must not be empty");
}

TEST_CASE("snapshot: format and version") {
    CHECK(rejected(edited([](json& j) { j["version"] = 7; })) == "This file was written by a newer Kariz (version 7); this one reads up to version 2.");
    CHECK(rejected(edited([](json& j) { j["version"] = 0; })) == "version: unknown version 0");
    CHECK(rejected(edited([](json& j) { j["version"] = "1"; })) == "version: expected an integer");
    CHECK(rejected(edited([](json& j) { j["format"] = "trello"; })) == "format: expected \"kariz.snapshot\"");
    // A newer version is recognised even when its deals no longer pass this version's checks.
    CHECK(rejected(edited([](json& j) {
              j["version"] = 3;
              j["deals"][0]["value"] = {{"amount", 5}};
          })) == "This file was written by a newer Kariz (version 3); this one reads up to version 2.");
    const std::string text = write_snapshot(sample(), kExport);
    CHECK(rejected("{\"deals\":[]," + text.substr(1)) == "deals: the field appears more than once");
    CHECK(rejected("{}") == "format: expected \"kariz.snapshot\"");
    CHECK(rejected("[1, 2]") == "expected a JSON object at the top level");
}

TEST_CASE("snapshot: text that is not JSON, or cut off") {
    CHECK(rejected("") == "file is not valid JSON: it ends too early (is it cut off?)");
    CHECK(rejected("hello") == "file is not valid JSON (line 1, column 1): invalid literal");
    CHECK(rejected("{\"format\":\n  nope}") == "file is not valid JSON (line 2, column 4): invalid literal");
    const std::string text = write_snapshot(sample(), kExport);
    CHECK(rejected(text.substr(0, text.size() / 2)) == "file is not valid JSON: it ends too early (is it cut off?)");
    CHECK(rejected(text + "x").rfind("file is not valid JSON", 0) == 0);
}

TEST_CASE("snapshot: nesting depth is refused before anything deep is built") {
    json nested = json::array();
    for (int i = 0; i < 100; ++i) nested = json::array({nested});
    CHECK(rejected(edited([&](json& j) { j["deals"][0]["labels"] = nested; })) == "file is nested too deeply (more than 16 levels)");
    // Hostile input: must return at once, neither parser nor destructor may recurse this deep.
    CHECK(rejected(std::string(100000, '[')) == "file is nested too deeply (more than 16 levels)");
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    CHECK(rejected(objects) == "file is nested too deeply (more than 16 levels)");
}

TEST_CASE("snapshot: size limits") {
    CHECK(rejected(edited([](json& j) { j["deals"][2]["title"] = std::string(301, 'x'); })) ==
          "deals[2].title: too long (301 bytes, at most 300)");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["notes"] = std::string(kMaxStringBytes + 1, 'n'); })) ==
          "deals[0].notes: too long (20001 bytes, at most 20000)");
    CHECK(rejected(edited([](json& j) { j["deals"][1]["extra"]["x"] = std::string(kMaxStringBytes + 1, 'n'); })) ==
          "deals[1].extra.x: too long (20001 bytes, at most 20000)");
    CHECK(rejected(edited([](json& j) { j["settings"]["theme"] = std::string(kMaxStringBytes + 1, 'n'); })) ==
          "settings.theme: too long (20001 bytes, at most 20000)");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["labels"] = std::vector<std::string>(51, "l"); })) ==
          "deals[0].labels: too many labels (51, at most 50)");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["labels"][1] = ""; })) == "deals[0].labels[1]: must not be empty");
    CHECK(rejected(edited([](json& j) { j["users"][1]["id"] = ""; })) == "users[1].id: must not be empty");
    // Ids are storage keys written one per line (web/storage.js): a newline must not get in.
    CHECK(rejected(edited([](json& j) { j["deals"][0]["id"] = "d1\nd2"; })) == "deals[0].id: must not contain control characters");
    CHECK(rejected(edited([](json& j) { j["pipelines"][0]["stages"][1]["id"] = std::string("s\x01"); })) ==
          "pipelines[0].stages[1].id: must not contain control characters");
    // Built once, 256 MB of spaces: refused on its size alone, before parsing.
    CHECK(rejected(std::string(kMaxSnapshotBytes + 1, ' ')) == "file is too large (257 MB, at most 256 MB)");
}

TEST_CASE("snapshot: references between ids") {
    const std::string first = "3f1c2a9e-0000-4000-8000-000000000001";
    CHECK(rejected(edited([&](json& j) { j["deals"][3]["id"] = first; })) == "deals[3].id: duplicate id \"" + first + "\"");
    CHECK(rejected(edited([](json& j) { j["deals"][3]["stage_id"] = "x"; })) == "deals[3].stage_id: no stage \"x\" in pipeline \"p1\"");
    CHECK(rejected(edited([](json& j) { j["deals"][3]["stage_id"] = "p2-offer"; })) ==
          "deals[3].stage_id: no stage \"p2-offer\" in pipeline \"p1\"");
    CHECK(rejected(edited([](json& j) { j["deals"][1]["pipeline_id"] = "p9"; })) == "deals[1].pipeline_id: no pipeline \"p9\"");
    CHECK(rejected(edited([](json& j) { j["deals"][1]["owner_id"] = "ghost"; })) == "deals[1].owner_id: no user \"ghost\"");
    CHECK(rejected(edited([](json& j) { j["settings"]["current_user_id"] = "ghost"; })) == "settings.current_user_id: no user \"ghost\"");
    CHECK(rejected(edited([](json& j) { j["users"][1]["id"] = "u1"; })) == "users[1].id: duplicate id \"u1\"");
    CHECK(rejected(edited([](json& j) { j["pipelines"][1]["id"] = "p1"; })) == "pipelines[1].id: duplicate id \"p1\"");
    CHECK(rejected(edited([](json& j) { j["pipelines"][0]["stages"][2]["id"] = "p1-lead"; })) ==
          "pipelines[0].stages[2].id: duplicate id \"p1-lead\"");
    CHECK(rejected(edited([](json& j) { j["pipelines"][1]["stages"] = json::array(); })) ==
          "pipelines[1].stages: at least one stage is needed");
    CHECK(rejected(edited([](json& j) { j["pipelines"] = json::array(); })) == "pipelines: at least one pipeline is needed");
}

TEST_CASE("snapshot: values, currencies, dates and times") {
    CHECK(rejected(edited([](json& j) { j["deals"][0]["value"] = -5; })) == "deals[0].value: must not be negative");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["value"] = 1000000000000001LL; })) ==
          "deals[0].value: must be between 0 and 1000000000000000");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["value"] = 18446744073709551615ULL; })) ==
          "deals[0].value: must be between 0 and 1000000000000000");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["currency"] = "eur"; })) ==
          "deals[0].currency: expected a three-letter currency code like \"EUR\"");
    CHECK(rejected(edited([](json& j) { j["settings"]["default_currency"] = "EURO"; })) ==
          "settings.default_currency: expected a three-letter currency code like \"EUR\"");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["expected_close"] = "2026-02-30"; })) ==
          "deals[0].expected_close: expected a date YYYY-MM-DD or \"\"");
    CHECK(rejected(edited([](json& j) { j["deals"][2]["created_at"] = "yesterday"; })) ==
          "deals[2].created_at: expected a UTC time like \"2026-11-22T16:48:06Z\"");
    CHECK(rejected(edited([](json& j) { j["deals"][2]["updated_at"] = nullptr; })) ==
          "deals[2].updated_at: expected a UTC time like \"2026-11-22T16:48:06Z\"");
    CHECK(rejected(edited([](json& j) { j["deals"][0]["history"][0]["left"] = "2026-11-22T16:48:06+01:00"; })) ==
          "deals[0].history[0].left: expected a UTC time like \"2026-11-22T16:48:06Z\" or null");
    CHECK(rejected(edited([](json& j) { j["exported_at"] = "soon"; })) ==
          "exported_at: expected a UTC time like \"2026-11-22T16:48:06Z\"");
}

TEST_CASE("snapshot: invalid UTF-8 is refused on read and replaced on write") {
    std::string text = write_snapshot(sample(), kExport);
    text.replace(text.find("Website"), 3, "W\xff\xfe");
    const std::string error = rejected(text);
    CHECK(error.rfind("file is not valid JSON (line 1, column ", 0) == 0);
    CHECK(error.find("ill-formed UTF-8") != std::string::npos);

    Workspace ws = sample();
    ws.deals[1].title = "Bad \xc3 byte";  // a lead byte with no continuation
    const std::string written = write_snapshot(ws, kExport);
    Workspace back;
    REQUIRE(read_snapshot(written, back, text));
    CHECK(back.deals[1].title == "Bad \xef\xbf\xbd byte");  // U+FFFD
    CHECK(write_snapshot(back, kExport) == written);
}

TEST_CASE("snapshot: 100,000 deals write and read back") {
    Workspace ws = sample();
    Deal model = ws.deals[0];
    ws.deals.clear();
    for (int i = 0; i < 100000; ++i) {
        model.id = "deal-" + std::to_string(i);
        model.value = i;
        ws.deals.push_back(model);
    }
    ws.rebuild_index();
    const std::string text = write_snapshot(ws, kExport);
    Workspace back;
    std::string error;
    SnapshotSummary summary;
    REQUIRE_MESSAGE(read_snapshot(text, back, error, &summary), error);
    CHECK(summary.deals == 100000);
    CHECK(back.find_deal("deal-99999")->value == 99999);
    CHECK(write_snapshot(back, kExport) == text);
}

TEST_CASE("snapshot: pipeline templates") {
    const std::string text = R"({"format": "kariz.pipeline-templates", "version": 1, "templates": [
        {"id": "leaky", "name": "Leaky pipeline", "description": "Five steps", "default": true,
         "stages": [{"name": "Lead", "probability": 10, "rotting_days": 7},
                    {"name": "Close", "probability": 90, "rotting_days": 0}]},
        {"id": "buyer", "name": "رحلة المشتري", "stages": [{"name": "Interest", "probability": 20, "rotting_days": 14}]}]})";
    std::vector<PipelineTemplate> out;
    std::string error;
    REQUIRE_MESSAGE(read_pipeline_templates(text, out, error), error);
    REQUIRE(out.size() == 2);
    CHECK(out[0].is_default);
    CHECK(out[0].description == "Five steps");
    CHECK(out[0].stages.size() == 2);
    CHECK(out[0].stages[1].probability == 90);
    CHECK(out[0].stages[0].id.empty());
    CHECK_FALSE(out[1].is_default);
    CHECK(out[1].name == "رحلة المشتري");

    json bad = json::parse(text);
    bad["templates"][1]["stages"][0]["probability"] = 150;
    CHECK_FALSE(read_pipeline_templates(bad.dump(), out, error));
    CHECK(error == "templates[1].stages[0].probability: must be between 0 and 100");
    CHECK(out.size() == 2);  // unchanged
    bad = json::parse(text);
    bad["templates"][0]["default"] = "yes";
    CHECK_FALSE(read_pipeline_templates(bad.dump(), out, error));
    CHECK(error == "templates[0].default: expected true or false");
    CHECK_FALSE(read_pipeline_templates(R"({"format": "kariz.snapshot", "version": 1})", out, error));
    CHECK(error == "format: expected \"kariz.pipeline-templates\"");
}
