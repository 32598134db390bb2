// CSV import and export: awkward files (quotes, newlines in fields, BOM, semicolons, tabs, bad
// rows with their line numbers), other CRMs' headers, number and date formats, Arabic/Persian
// text and digits, the ImportDeals action and its undo, and export -> import round trips.
#include <doctest/doctest.h>
#include "csv.h"
#include "csv_import.h"
#include "dates.h"
#include "money.h"
#include "store.h"

using namespace kariz;

namespace {

const Time T0 = 1790000000;  // 2026-09-21

std::vector<CsvRecord> read_all(const std::string& text) {
    CsvReader r;
    r.open(text);
    std::vector<CsvRecord> out;
    CsvRecord rec;
    while (r.next(rec)) out.push_back(rec);
    return out;
}

Workspace sales_workspace() {
    Workspace ws;
    ws.users = {User{"u1", "Ana Silva", "AS", Role::Seller}, User{"u2", "Omar Haddad", "OH", Role::Manager},
                User{"u3", "مریم رضایی", "MR", Role::Seller}};
    ws.settings.current_user_id = "u2";
    ws.pipelines = {Pipeline{"p1", "Sales",
                             {Stage{"s0", "Unsorted", 0, 0, {}, false}, Stage{"s1", "Lead", 10, 7, {}, false},
                              Stage{"s2", "Presentation / meeting", 50, 14, {}, false}, Stage{"s3", "Close", 80, 21, {}, false},
                              Stage{"s4", "پیشنهاد", 60, 14, {}, false}},
                             "bant"},
                    Pipeline{"p2", "Partners", {Stage{"q0", "Unsorted", 0, 0, {}, false}, Stage{"q1", "Talk", 30, 10, {}, false}}, "bant"}};
    ws.rebuild_index();
    return ws;
}

struct Imported {
    CsvImport imp;
    Text open_error;
};

// Opens, reads in small slices (as the app does per frame) and returns the session.
std::unique_ptr<Imported> import_text(const std::string& text, const Workspace& ws, DateOrder order = DateOrder::DayFirst,
                                      const std::string& currency = "EUR") {
    auto out = std::make_unique<Imported>();
    if (!out->imp.open(text, out->open_error)) return out;
    CsvImportOptions opt{"p1", currency, order, "u2"};
    out->imp.start(ws, opt, T0);
    int guard = 0;
    while (!out->imp.step(3, 64) && ++guard < 100000) {}
    return out;
}

int64_t amount(const std::string& text, const std::string& currency = "EUR") {
    std::string number, found;
    Text err;
    REQUIRE(csv_split_amount(text, number, found));
    int64_t v = -1;
    if (!csv_parse_number(number, currency_exponent(found.empty() ? currency : found), v, err)) return -1;
    return v;
}

std::string date(const std::string& text, DateOrder order = DateOrder::DayFirst) {
    Time t;
    if (!csv_parse_date(text, order, t)) return "invalid";
    return format_iso_time(t);
}

}  // namespace

TEST_CASE("csv: quotes, doubled quotes, delimiters and newlines inside quoted fields") {
    auto r = read_all("a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",\"two\nlines\"\nplain,\"\",last\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].fields == std::vector<std::string>{"x, y", "he said \"hi\"", "two\nlines"});
    CHECK(r[1].line == 2);
    // The quoted newline makes the next record start on line 4, not 3.
    CHECK(r[2].line == 4);
    CHECK(r[2].fields == std::vector<std::string>{"plain", "", "last"});
}

TEST_CASE("csv: BOM, CRLF, empty lines, semicolons, tabs and Excel's sep= line") {
    auto r = read_all("\xEF\xBB\xBFName;Amount\r\n\r\nAcme;\"1.234,50\"\r\n\r\n\r\nBeta;12\r\n");
    REQUIRE(r.size() == 3);
    CHECK(r[0].fields[0] == "Name");  // no BOM in the first header
    CHECK(r[1].fields == std::vector<std::string>{"Acme", "1.234,50"});
    CHECK(r[1].line == 3);
    CHECK(r[2].line == 6);
    CsvReader t;
    t.open("Name\tAmount\tNote, with comma\nx\ty\tz\n");
    CHECK(t.delimiter() == '\t');
    CsvReader s;
    s.open("sep=;\nName,Inc;Amount\nA,B;1\n");
    CsvRecord rec;
    REQUIRE(s.next(rec));
    CHECK(rec.line == 2);
    CHECK(rec.fields == std::vector<std::string>{"Name,Inc", "Amount"});
    CHECK(csv_detect_delimiter("\"a;b;c\",x,y\n") == ',');  // delimiters inside quotes do not count
    // CRLF inside a quoted cell becomes LF; a stray quote in an unquoted field is text.
    auto q = read_all("a,b\n\"x\r\ny\",5\" screen\n");
    CHECK(q[1].fields == std::vector<std::string>{"x\ny", "5\" screen"});
}

TEST_CASE("csv: a quote never closed is a bad record on its own line, the rest of the file still reads") {
    auto r = read_all("a,b\n1,\"open\n2,x\n3,y\n");
    REQUIRE(r.size() == 4);
    CHECK(r[1].line == 2);
    CHECK_FALSE(r[1].error.empty());
    CHECK(r[2].line == 3);
    CHECK(r[2].fields == std::vector<std::string>{"2", "x"});
    CHECK(r[3].line == 4);
}

TEST_CASE("csv: the reader works in slices and reports progress") {
    std::string text = "Title,Value\n";
    for (int i = 0; i < 1000; ++i) text += "Deal " + std::to_string(i) + "," + std::to_string(i) + "\n";
    CsvReader r;
    r.open(text);
    std::vector<CsvRecord> out;
    r.step(out, 100, (size_t)-1);
    CHECK(out.size() == 100);
    CHECK(r.fraction() > 0.05f);
    CHECK(r.fraction() < 0.2f);
    while (!r.at_end()) r.step(out, 1000, 500);
    CHECK(out.size() == 1001);
    CHECK(r.fraction() == 1.0f);
    CHECK(out.back().line == 1001);
}

TEST_CASE("csv: header names of Pipedrive, HubSpot, Salesforce, Zoho, Odoo and Persian/Arabic files") {
    using F = CsvField;
    auto rec = [](std::vector<std::string> h) { return csv_recognise_headers(h); };
    // Pipedrive
    CHECK(rec({"Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Stage", "Deal - Owner", "Deal - Organization",
               "Deal - Contact person", "Person - Email - Work", "Person - Phone - Mobile", "Deal - Expected close date",
               "Deal - Deal created", "Deal - Status", "Deal - Lost reason", "Deal - Label", "Deal - Weighted value"}) ==
          std::vector<F>{F::Title, F::Value, F::Currency, F::Stage, F::Owner, F::Organization, F::Contact, F::Email, F::Phone,
                         F::ExpectedClose, F::Created, F::Status, F::LostReason, F::Labels, F::Ignore});
    // HubSpot
    CHECK(rec({"Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Deal owner", "Create Date",
               "Associated Company (Primary)", "Closed Lost Reason", "Deal Description"}) ==
          std::vector<F>{F::Ignore, F::Title, F::Stage, F::Pipeline, F::Value, F::ExpectedClose, F::Owner, F::Created,
                         F::Organization, F::LostReason, F::Notes});
    // Salesforce
    CHECK(rec({"Opportunity Name", "Account Name", "Amount", "Amount (converted)", "Opportunity Currency", "Close Date", "Stage",
               "Opportunity Owner", "Created Date", "Loss Reason", "Probability (%)"}) ==
          std::vector<F>{F::Title, F::Organization, F::Value, F::Ignore, F::Currency, F::ExpectedClose, F::Stage, F::Owner,
                         F::Created, F::LostReason, F::Ignore});
    // Zoho
    CHECK(rec({"Deal Name", "Account Name", "Contact Name", "Amount", "Stage", "Closing Date", "Deal Owner", "Created Time",
               "Reason For Loss", "Tag"}) ==
          std::vector<F>{F::Title, F::Organization, F::Contact, F::Value, F::Stage, F::ExpectedClose, F::Owner, F::Created,
                         F::LostReason, F::Labels});
    // Odoo
    CHECK(rec({"Opportunity", "Customer", "Email", "Phone", "Expected Revenue", "Currency", "Stage", "Salesperson",
               "Expected Closing", "Created on", "Lost Reason", "Tags", "Internal Notes"}) ==
          std::vector<F>{F::Title, F::Organization, F::Email, F::Phone, F::Value, F::Currency, F::Stage, F::Owner,
                         F::ExpectedClose, F::Created, F::LostReason, F::Labels, F::Notes});
    // Case, spaces and punctuation do not matter; Persian and Arabic headers; Arabic ي/ك variants.
    CHECK(csv_recognise_header("  EXPECTED_CLOSE_DATE ") == F::ExpectedClose);
    CHECK(csv_recognise_header("deal-name") == F::Title);
    CHECK(csv_recognise_header("عنوان") == F::Title);
    CHECK(csv_recognise_header("مبلغ") == F::Value);
    CHECK(csv_recognise_header("مرحله") == F::Stage);
    CHECK(csv_recognise_header("المرحلة") == F::Stage);
    CHECK(csv_recognise_header("البريد الالكتروني") == F::Email);  // without the hamza
    CHECK(csv_recognise_header("شركت") == F::Organization);        // Arabic kaf for Persian keheh
    CHECK(csv_recognise_header("Deal ID") == F::Ignore);
}

TEST_CASE("csv: amounts in the usual formats become integer minor units") {
    CHECK(amount("12500") == 1250000);
    CHECK(amount("1,234.50") == 123450);
    CHECK(amount("1.234,50") == 123450);
    CHECK(amount("1 234,50") == 123450);
    CHECK(amount("1\xC2\xA0" "234,50") == 123450);      // no-break space
    CHECK(amount("1'234.50") == 123450);
    CHECK(amount("1,234") == 123400);                   // three digits after one separator: thousands
    CHECK(amount("1.234.567") == 123456700);
    CHECK(amount("12,5") == 1250);
    CHECK(amount("0.005") == 1);                        // three fraction digits in a 2-digit currency: rounded half up
    CHECK(amount("12.3456") == 1235);
    CHECK(amount("2.675") == 267500);                   // read as 2,675: see csv_parse_number
    CHECK(amount("1.234", "KWD") == 1234);              // KWD has three decimals
    CHECK(amount("1,234", "JPY") == 1234);
    CHECK(amount("١٢٣") == 12300);                      // Arabic-Indic digits
    CHECK(amount("۱۲۳٫۵") == 12350);                    // Persian digits, Arabic decimal separator
    CHECK(amount("۱٬۲۳۴٬۵۶۷") == 123456700);            // Arabic thousands separator
    CHECK(amount("abc") == -1);
    CHECK(amount("-5") == -1);
    CHECK(amount("12abc") == -1);
    CHECK(amount("12 zwl", "EUR") == 1200);
    CHECK(amount("1.2.3,4,5") == -1);
    std::string number, found;
    REQUIRE(csv_split_amount("$1,234", number, found));
    CHECK(found == "USD");
    CHECK(number == "1,234");
    REQUIRE(csv_split_amount("1.234,50 €", number, found));
    CHECK(found == "EUR");
    REQUIRE(csv_split_amount("usd 99", number, found));
    CHECK(found == "USD");
    REQUIRE(csv_split_amount("1234.500 KWD", number, found));
    CHECK(found == "KWD");
    CHECK(amount("1234.500 KWD") == 1234500);
    CHECK(amount("¥1,234") == 1234);
}

TEST_CASE("csv: dates in ISO, day/month order, month names, with times and zones") {
    CHECK(date("2026-03-01") == "2026-03-01T00:00:00Z");
    CHECK(date("2026/03/01") == "2026-03-01T00:00:00Z");
    CHECK(date("2026-03-01 14:00") == "2026-03-01T14:00:00Z");
    CHECK(date("2026-03-01T14:00:00Z") == "2026-03-01T14:00:00Z");
    CHECK(date("2026-03-01T14:00:00.123Z") == "2026-03-01T14:00:00Z");
    CHECK(date("2026-03-01T14:00:00+03:30") == "2026-03-01T10:30:00Z");
    CHECK(date("01/03/2026") == "2026-03-01T00:00:00Z");
    CHECK(date("01/03/2026", DateOrder::MonthFirst) == "2026-01-03T00:00:00Z");
    CHECK(date("13/02/2026", DateOrder::MonthFirst) == "2026-02-13T00:00:00Z");  // only one reading possible
    CHECK(date("02/13/2026") == "2026-02-13T00:00:00Z");
    CHECK(date("1.3.26") == "2026-03-01T00:00:00Z");
    CHECK(date("1 Mar 2026") == "2026-03-01T00:00:00Z");
    CHECK(date("01-Mar-2026") == "2026-03-01T00:00:00Z");
    CHECK(date("March 1, 2026 2:30 PM") == "2026-03-01T14:30:00Z");
    CHECK(date("۱۴۰۵-۰۱-۰۱") == "invalid");  // a Solar Hijri year is not a Gregorian one
    CHECK(date("۲۰۲۶-۰۳-۰۱") == "2026-03-01T00:00:00Z");
    CHECK(date("2026-02-30") == "invalid");
    CHECK(date("31/04/2026") == "invalid");
    CHECK(date("soon") == "invalid");
    CHECK(date("2026-03-01 25:00") == "invalid");
    CHECK(csv_date_order_hint("13/02/2026") == 1);
    CHECK(csv_date_order_hint("02/13/2026") == 2);
    CHECK(csv_date_order_hint("02/03/2026") == 0);
}

TEST_CASE("csv: status words of other CRMs") {
    DealStatus s;
    CHECK((csv_parse_status("Closed Won", s) && s == DealStatus::Won));
    CHECK((csv_parse_status("closedlost", s) && s == DealStatus::Lost));
    CHECK((csv_parse_status("Closed-Lost to Competition", s) && s == DealStatus::Lost));
    CHECK((csv_parse_status("In progress", s) && s == DealStatus::Open));
    CHECK((csv_parse_status("OPEN", s) && s == DealStatus::Open));
    CHECK((csv_parse_status("برنده", s) && s == DealStatus::Won));
    CHECK((csv_parse_status("از دست رفته", s) && s == DealStatus::Lost));
    CHECK_FALSE(csv_parse_status("deleted", s));
}

TEST_CASE("csv import: a Pipedrive file with stages, owners, bad rows and their line numbers") {
    Workspace ws = sales_workspace();
    std::string text =
        "\xEF\xBB\xBF" "Deal - Title;Deal - Value;Deal - Currency;Deal - Stage;Deal - Owner;Deal - Organization;"
        "Deal - Expected close date;Deal - Status;Deal - Lost reason;Deal - Deal created\r\n"
        "Website;1.234,50;EUR;lead;Ana Silva;Acme;01/03/2026;open;;2026-01-05 10:00\r\n"
        "\"Multi\nline\";500;usd;Unknown stage;nobody;;;won;;\r\n"
        "Bad value;12abc;EUR;Lead;;;;open;;\r\n"
        "Too few;1\r\n"
        "Bad date;1;EUR;Lead;;;31/31/2026;open;;\r\n"
        "\r\n"
        "پروژه تهران;۱۲۳٬۰۰۰;IRR;پیشنهاد;مریم رضایی;شرکت نوآوران;;lost;قیمت بالا;\r\n"
        ";;;;;;;;;\r\n"
        "Wrong status;1;EUR;Lead;;;;maybe;;\r\n"
        "Owner by email;10;EUR;Presentation/Meeting;ana.silva@acme.com;;;Closed Won;;\r\n";
    auto r = import_text(text, ws);
    REQUIRE(r->open_error.empty());
    CHECK(r->imp.delimiter() == ';');
    CHECK(r->imp.had_bom());
    CsvImport& imp = r->imp;
    REQUIRE(imp.accepted.size() == 4);
    REQUIRE(imp.skipped.size() == 4);
    CHECK(imp.rows_read == 8);
    // Lines, not records: the quoted newline on line 3 pushes everything after it down one.
    CHECK(imp.skipped[0].line == 5);
    CHECK(imp.skipped[0].reason == Text("import.value_not_number", {"\"12abc\""}));
    CHECK(imp.skipped[1].line == 6);
    CHECK(imp.skipped[1].reason == Text("import.skip_missing_fields", {2, 10}));
    CHECK(imp.skipped[2].line == 7);
    CHECK(imp.skipped[2].reason == Text("import.skip_close_date", {"\"31/31/2026\""}));
    CHECK(imp.skipped[3].line == 11);
    CHECK(imp.skipped[3].reason == Text("import.skip_status", {"\"maybe\""}));

    const Deal& a = imp.accepted[0];
    CHECK(a.title == "Website");
    CHECK(a.value == 123450);
    CHECK(a.currency == "EUR");
    CHECK(a.stage_id == "s1");  // "lead" matches "Lead"
    CHECK(a.owner_id == "u1");
    CHECK(a.organization == "Acme");
    CHECK(a.expected_close == "2026-03-01");
    CHECK(format_iso_time(a.created_at) == "2026-01-05T10:00:00Z");
    CHECK(a.history.size() == 1);
    CHECK(a.history[0].entered == a.created_at);
    const Deal& b = imp.accepted[1];
    CHECK(b.title == "Multi\nline");
    CHECK(b.currency == "USD");
    CHECK(b.stage_id == "s0");     // unknown stage -> Unsorted
    CHECK(b.owner_id == "u2");     // unknown owner -> the fallback owner
    CHECK(b.status == DealStatus::Won);
    CHECK(b.created_at == T0);
    const Deal& c = imp.accepted[2];
    CHECK(c.title == "پروژه تهران");
    CHECK(c.value == 123000);      // IRR has no minor unit
    CHECK(c.stage_id == "s4");
    CHECK(c.owner_id == "u3");
    CHECK(c.organization == "شرکت نوآوران");
    CHECK(c.status == DealStatus::Lost);
    CHECK(c.lost_reason == "قیمت بالا");
    const Deal& d = imp.accepted[3];
    CHECK(d.owner_id == "u1");     // matched by the email's local part
    CHECK(d.stage_id == "s2");     // "Presentation/Meeting" matches "Presentation / meeting"
    CHECK(d.status == DealStatus::Won);
}

TEST_CASE("csv import: HubSpot-style outcome in the stage, date order, default currency and symbols") {
    Workspace ws = sales_workspace();
    std::string text =
        "Deal Name,Deal Stage,Amount,Close Date,Pipeline\n"
        "One,closedwon,\"$1,200\",02/13/2026,\n"
        "Two,Talk,300,03/04/2026,Partners\n"
        "Three,closedlost,45.5,,Nonexistent\n";
    auto probe = std::make_unique<CsvImport>();
    Text err;
    REQUIRE(probe->open(text, err));
    CHECK(probe->guess_date_order() == DateOrder::MonthFirst);
    auto r = import_text(text, ws, DateOrder::MonthFirst, "GBP");
    REQUIRE(r->imp.accepted.size() == 3);
    const auto& acc = r->imp.accepted;
    CHECK(acc[0].status == DealStatus::Won);
    CHECK(acc[0].stage_id == "s0");
    CHECK(acc[0].currency == "USD");
    CHECK(acc[0].value == 120000);
    CHECK(acc[0].expected_close == "2026-02-13");
    CHECK(acc[1].pipeline_id == "p2");
    CHECK(acc[1].stage_id == "q1");
    CHECK(acc[1].expected_close == "2026-03-04");
    CHECK(acc[2].pipeline_id == "p1");  // unknown pipeline name -> the target pipeline
    CHECK(acc[2].currency == "GBP");
    CHECK(acc[2].value == 4550);
    CHECK(acc[2].status == DealStatus::Lost);
    CHECK_FALSE(acc[2].lost_reason.empty());
}

TEST_CASE("csv import: files that are not CSV deal lists") {
    CsvImport imp;
    Text err;
    CHECK_FALSE(imp.open("", err));
    CHECK(err == Text("import.open_empty"));
    CHECK_FALSE(imp.open("\"never closed,a,b\n", err));
    CHECK(err == Text("import.open_unclosed_quote", {1}));
    // Not UTF-8 (a Windows-1256 file): the row is listed, not imported as garbage.
    Workspace ws = sales_workspace();
    auto r = import_text("Title,Value\n\xE3\xD4\xD1\xC7\xE1,5\nOK,6\n", ws);
    CHECK(r->imp.accepted.size() == 1);
    REQUIRE(r->imp.skipped.size() == 1);
    CHECK(r->imp.skipped[0].reason == Text("import.skip_not_utf8_title"));
    // A title longer than the editor allows.
    auto big = import_text("Title\n" + std::string(400, 'x') + "\n", ws);
    REQUIRE(big->imp.skipped.size() == 1);
    CHECK(big->imp.skipped[0].reason.key.rfind("error.", 0) == 0);  // the editor's refusal, a catalogue key
    CHECK(big->imp.skipped[0].reason.key.find("title") != std::string::npos);
}

TEST_CASE("csv import: ImportDeals adds every row in one undoable step with new ids") {
    Workspace ws = sales_workspace();
    Store store;
    store.load(ws);
    store.ids().reseed(7);
    std::string text = "Title,Value,Stage\n";
    for (int i = 0; i < 500; ++i) text += "Deal " + std::to_string(i) + "," + std::to_string(i) + ",Lead\n";
    auto r = import_text(text, ws);
    REQUIRE(r->imp.accepted.size() == 500);
    auto deals = std::make_shared<const std::vector<Deal>>(std::move(r->imp.accepted));
    std::string err;
    REQUIRE(store.dispatch(ImportDeals{"Import 500 deals from x.csv", deals}, T0 + 10, &err));
    CHECK(store.ws().deals.size() == 500);
    CHECK(store.undo_label() == "Import 500 deals from x.csv");
    const Deal& d = store.ws().deals[42];
    CHECK(is_uuid(d.id));
    CHECK(d.updated_at == T0 + 10);
    CHECK(d.history.size() == 1);
    CHECK(store.ws().find_deal(d.id) == &d);
    CHECK(store.take_dirty().deal_ids.size() == 500);
    REQUIRE(store.undo());
    CHECK(store.ws().deals.empty());
    REQUIRE(store.redo());
    CHECK(store.ws().deals.size() == 500);
    // A deal pointing at a stage that is gone is refused and nothing changes.
    std::vector<Deal> bad = {store.ws().deals[0]};
    bad[0].stage_id = "nope";
    CHECK_FALSE(store.dispatch(ImportDeals{"", std::make_shared<const std::vector<Deal>>(bad)}, T0, &err));
    CHECK(store.ws().deals.size() == 500);
}

TEST_CASE("csv export: quoting, BOM, decimal money, ISO dates; importing it back gives the same deals") {
    Workspace ws = sales_workspace();
    Deal a;
    a.id = "d1"; a.title = "Quote \"this\", please"; a.value = 123450; a.currency = "EUR";
    a.owner_id = "u1"; a.pipeline_id = "p1"; a.stage_id = "s2"; a.organization = "Acme; Inc";
    a.contact = Contact{"Jo", "jo@acme.com", "+98 21 1234"}; a.labels = {"hot", "renewal"};
    a.expected_close = "2026-10-01"; a.notes = "line one\nline two"; a.created_at = T0 - 86400 * 3;
    Deal b;
    b.id = "d2"; b.title = "پروژه ۱۲"; b.value = 1234500; b.currency = "KWD"; b.owner_id = "u3"; b.pipeline_id = "p2";
    b.stage_id = "q1"; b.status = DealStatus::Lost; b.lost_reason = "قیمت"; b.created_at = T0 - 86400;
    Deal c;
    c.id = "d3"; c.title = "Yen"; c.value = 500000; c.currency = "JPY"; c.owner_id = "u2"; c.pipeline_id = "p1";
    c.stage_id = "s3"; c.status = DealStatus::Disqualified; c.dq_reason = "no_budget"; c.dq_note = "cut"; c.created_at = T0 - 100;
    ws.deals = {a, b, c};
    ws.rebuild_index();
    std::string text = deals_to_csv(ws, {0, 1, 2});
    CHECK(text.compare(0, 3, "\xEF\xBB\xBF") == 0);
    CHECK(text.find("\"Quote \"\"this\"\", please\",1234.50,EUR,Sales,Presentation / meeting,open,Ana Silva,Acme; Inc") !=
          std::string::npos);
    CHECK(text.find("\"line one\nline two\"") != std::string::npos);
    CHECK(text.find("1234.500,KWD") != std::string::npos);
    CHECK(text.find(",500000,JPY,") != std::string::npos);
    CHECK(text.find(format_iso_time(a.created_at)) != std::string::npos);

    auto r = import_text(text, ws);
    REQUIRE(r->imp.skipped.empty());
    REQUIRE(r->imp.accepted.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        const Deal& x = ws.deals[i];
        const Deal& y = r->imp.accepted[i];
        CAPTURE(i);
        CHECK(y.title == x.title);
        CHECK(y.value == x.value);
        CHECK(y.currency == x.currency);
        CHECK(y.pipeline_id == x.pipeline_id);
        CHECK(y.stage_id == x.stage_id);
        CHECK(y.status == x.status);
        CHECK(y.owner_id == x.owner_id);
        CHECK(y.organization == x.organization);
        CHECK(y.contact.name == x.contact.name);
        CHECK(y.contact.email == x.contact.email);
        CHECK(y.contact.phone == x.contact.phone);
        CHECK(y.labels == x.labels);
        CHECK(y.expected_close == x.expected_close);
        CHECK(y.notes == x.notes);
        CHECK(y.created_at == x.created_at);
        CHECK(y.lost_reason == x.lost_reason);
        CHECK(y.dq_reason == x.dq_reason);
        CHECK(y.dq_note == x.dq_note);
    }
}
