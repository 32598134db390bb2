// The snapshot's JSON reader (core/json_view.h): what it accepts and refuses, byte for byte like
// the nlohmann parser it replaced, and the same through read_snapshot.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_view.h"
#include "snapshot.h"
#include "test_fixtures.h"

using namespace kariz;
using namespace kariz::jsonv;

namespace {

struct Parsed {
    bool ok = false;
    Doc doc;
    ParseError error;
};

Parsed parse(const std::string& text) {
    Parsed r;
    Parser p;
    r.ok = p.parse(text, r.doc);
    r.error = p.error;
    return r;
}

// The decoded value of a JSON string literal, or "<error: reason>".
std::string decoded(const std::string& literal) {
    static std::string keep;  // the doc views the text
    keep = literal;
    Parsed r = parse(keep);
    if (!r.ok) return "<error: " + r.error.reason + (r.error.at_end ? "(end)" : "") + ">";
    return std::string(r.doc.root().str());
}

std::string error_of(const std::string& text) {
    static std::string keep;
    keep = text;
    Parsed r = parse(keep);
    if (r.ok) return "<ok>";
    if (r.error.too_deep) return "<too deep>";
    if (r.error.at_end) return "<end>";
    return std::to_string(r.error.offset) + ": " + r.error.reason;
}

std::string sample_snapshot() {
    Workspace ws = load_sample_workspace();
    REQUIRE(ws.deals.size() >= 2);
    return write_snapshot(ws, Time(1795000000));
}

}  // namespace

TEST_CASE("json_view: escapes and \\u sequences") {
    CHECK(decoded(R"("plain")") == "plain");
    CHECK(decoded(R"("a\"b\\c\/d\b\f\n\r\t")") == "a\"b\\c/d\b\f\n\r\t");
    CHECK(decoded(R"("\u0041\u00e9\u0633")") == "A\xc3\xa9\xd8\xb3");
    CHECK(decoded(R"("x\u0000y")") == std::string("x\0y", 3));
    CHECK(decoded(R"("\ud83d\ude00!")") == "\xf0\x9f\x98\x80!");  // a surrogate pair: one code point
    CHECK(decoded(R"("long ascii run before an escape: 0123456789abcdef\n")") == "long ascii run before an escape: 0123456789abcdef\n");
    CHECK(decoded(R"("\ud83d")") == "<error: invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF>");
    CHECK(decoded(R"("\ud83dx")") == "<error: invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF>");
    CHECK(decoded(R"("\ud83d\u0041")") == "<error: invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF>");
    CHECK(decoded(R"("\ude00")") == "<error: invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF>");
    CHECK(decoded(R"("\u12g4")") == "<error: invalid string: '\\u' must be followed by 4 hex digits>");
    CHECK(decoded(R"("\x")") == "<error: invalid string: forbidden character after backslash>");
    CHECK(decoded("\"tab\there\"") == "<error: invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t>");
    CHECK(decoded("\"a\x01\"") == "<error: invalid string: control character U+0001 (SOH) must be escaped to \\u0001>");
}

TEST_CASE("json_view: UTF-8 is validated as RFC 3629 says") {
    CHECK(decoded("\"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xf0\x9f\x98\x80\"") == "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xf0\x9f\x98\x80");
    const std::string bad = "<error: invalid string: ill-formed UTF-8 byte>";
    CHECK(decoded("\"\xff\"") == bad);
    CHECK(decoded("\"\xc0\xaf\"") == bad);          // overlong '/'
    CHECK(decoded("\"\xe0\x80\xaf\"") == bad);      // overlong, three bytes
    CHECK(decoded("\"\xed\xa0\x80\"") == bad);      // a UTF-16 surrogate written as UTF-8
    CHECK(decoded("\"\xf4\x90\x80\x80\"") == bad);  // past U+10FFFF
    CHECK(decoded("\"\xc3x\"") == bad);             // lead byte without its continuation
    CHECK(error_of("\"ok \xc3x\"") == "5: invalid string: ill-formed UTF-8 byte");  // names the byte that is wrong
    CHECK(error_of("\"\xe2\x82") == "<end>");       // cut off inside a character
}

TEST_CASE("json_view: strings are scanned eight bytes at a time; a special byte is seen wherever it falls") {
    // Plain bytes next to the special values (0x1f/0x20, 0x21/0x22/0x23, 0x5b/0x5c/0x5d, 0x7f/0x80),
    // then each special byte at every offset of the first two eight-byte words and past them.
    const std::string plain = " !#[]~\x7f";
    for (size_t at = 0; at < 20; ++at) {
        CAPTURE(at);
        std::string run;
        for (size_t i = 0; i < at; ++i) run += plain[(i * 3) % plain.size()];
        CHECK(decoded("\"" + run + "\"") == run);
        CHECK(decoded("\"" + run + "\\n" + run + "\"") == run + "\n" + run);
        CHECK(decoded("\"" + run + "\xc3\xa9" + run + "\"") == run + "\xc3\xa9" + run);
        CHECK(error_of("\"" + run + "\x1f" + run + "\"") ==
              std::to_string(at + 1) + ": invalid string: control character U+001F (US) must be escaped to \\u001F");
        CHECK(error_of("\"" + run + "\xff" + run + "\"") == std::to_string(at + 1) + ": invalid string: ill-formed UTF-8 byte");
        CHECK(error_of("\"" + run) == "<end>");
    }
}

TEST_CASE("json_view: same_name compares names of every length, a difference at every place") {
    for (size_t n = 0; n <= 24; ++n) {
        std::string a, b;
        for (size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i);
        b = a;
        CAPTURE(n);
        CHECK(same_name(a.data(), b.data(), n));
        for (size_t i = 0; i < n; ++i) {
            CAPTURE(i);
            b[i] = 'Z';
            CHECK_FALSE(same_name(a.data(), b.data(), n));
            b[i] = a[i];
        }
    }
}

TEST_CASE("json_view: numbers keep nlohmann's kinds") {
    auto kind = [](const std::string& t) {
        static std::string keep;
        keep = t;
        Parsed r = parse(keep);
        REQUIRE(r.ok);
        return r.doc.root().kind();
    };
    CHECK(kind("0") == Kind::Unsigned);
    CHECK(kind("9223372036854775807") == Kind::Unsigned);
    CHECK(kind("18446744073709551615") == Kind::Unsigned);
    CHECK(kind("18446744073709551616") == Kind::Float);  // beyond 64 bits: a double, not wrapped
    CHECK(kind("-0") == Kind::Integer);
    CHECK(kind("-9223372036854775808") == Kind::Integer);
    CHECK(kind("-9223372036854775809") == Kind::Float);
    CHECK(kind("1.5") == Kind::Float);
    CHECK(kind("1e2") == Kind::Float);
    std::string t = "-9223372036854775808";
    Parsed r = parse(t);
    CHECK(r.doc.root().integer() == INT64_MIN);
    t = "18446744073709551615";
    r = parse(t);
    CHECK(r.doc.root().unsigned_integer() == UINT64_MAX);
    t = "2.5e-3";
    r = parse(t);
    CHECK(r.doc.root().number() == doctest::Approx(0.0025));
    CHECK(error_of("-") == "<end>");
    CHECK(error_of("-x") == "1: invalid number; expected digit after '-'");
    CHECK(error_of("1.x") == "2: invalid number; expected digit after '.'");
    CHECK(error_of("1ex") == "2: invalid number; expected '+', '-', or digit after exponent");
    CHECK(error_of("1e+x") == "3: invalid number; expected digit after exponent sign");
    CHECK(error_of("[01]") == "2: unexpected number literal; expected ']'");
    CHECK(error_of("[1e999]") == "5: ");  // overflows a double: refused, as nlohmann did (no reason given)
}

TEST_CASE("json_view: structure errors, truncation, depth") {
    CHECK(error_of("") == "<end>");
    CHECK(error_of("  ") == "<end>");
    CHECK(error_of("{\"a\":[1,2") == "<end>");
    CHECK(error_of("{\"a\":\"abc") == "<end>");
    CHECK(error_of("{\"a\"") == "<end>");
    CHECK(error_of("tru") == "<end>");
    CHECK(error_of("trux") == "3: invalid literal");
    CHECK(error_of("{\"a\":1,}") == "7: unexpected '}'; expected string literal");
    CHECK(error_of("{\"a\" 1}") == "5: unexpected number literal; expected ':'");
    CHECK(error_of("{\"a\":1 \"b\":2}") == "9: unexpected string literal; expected '}'");
    CHECK(error_of("[1,]") == "3: unexpected ']'; expected '[', '{', or a literal");
    CHECK(error_of("[true false]") == "10: unexpected 'false'; expected ']'");
    CHECK(error_of("{} x") == "3: invalid literal");
    CHECK(error_of("{} {}") == "3: unexpected '{'; expected end of input");
    CHECK(error_of("\xef\xbb\xbf{}") == "<ok>");  // a UTF-8 byte-order mark, skipped
    CHECK(error_of("{/*c*/}") == "1: invalid literal");  // no comments
    std::string deep16, deep17;
    for (int i = 0; i < 16; ++i) deep16 = "[" + deep16 + "]";
    deep17 = "[" + deep16 + "]";
    CHECK(error_of(deep16) == "<ok>");
    CHECK(error_of(deep17) == "<too deep>");
    CHECK(error_of(std::string(1000000, '[')) == "<too deep>");  // refused at once, no deep recursion
}

TEST_CASE("json_view: duplicate names, the last one wins, members in name order") {
    std::string t = R"({"b":1,"a":2,"b":3})";
    Parsed r = parse(t);
    REQUIRE(r.ok);
    Value root = r.doc.root();
    CHECK(root.size() == 2);
    CHECK(root.find("b").unsigned_integer() == 3);
    std::vector<Value> m = root.members();
    REQUIRE(m.size() == 2);
    CHECK(m[0].key() == "a");
    CHECK(m[1].key() == "b");
    CHECK(m[1].unsigned_integer() == 3);
    // Many members (the hash table path) and names with escapes (decoded before comparing).
    t = "{";
    for (int i = 0; i < 40; ++i) t += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    t += R"("k\u0037":700})";
    r = parse(t);
    REQUIRE(r.ok);
    CHECK(r.doc.root().size() == 40);
    CHECK(r.doc.root().find("k7").unsigned_integer() == 700);
    CHECK(r.doc.root().find("k39").unsigned_integer() == 39);
    CHECK(!r.doc.root().find("k40"));
    // Look-ups in any order find every member (the look-up starts where the last one matched).
    for (int i = 39; i >= 0; i -= 3) CHECK(r.doc.root().find("k" + std::to_string(i)));
    CHECK(r.doc.root()[3].key() == "k3");
    CHECK(r.doc.root()[1].key() == "k1");
}

TEST_CASE("json_view: the root's streamed array is handed over one element at a time") {
    std::string t = R"({"x":1,"deals":[{"id":"a"},{"id":"b\n"}],"y":[2]})";
    Parser p;
    p.stream_key = "deals";
    std::vector<std::string> seen;
    p.on_stream = [&](const Doc& d, size_t i) { seen.push_back(std::to_string(i) + std::string(d.root().find("id").str())); };
    Doc doc;
    REQUIRE(p.parse(t, doc));
    CHECK(seen == std::vector<std::string>{"0a", "1b\n"});
    CHECK(p.stream_keys == 1);
    CHECK(doc.root().find("deals").is_array());
    CHECK(doc.root().find("deals").size() == 0);
    CHECK(doc.root().find("y")[0].unsigned_integer() == 2);
}

TEST_CASE("snapshot reader: values, escapes and duplicates as before") {
    const std::string text = sample_snapshot();
    const size_t deals = text.find("\"deals\":[");
    REQUIRE(deals != std::string::npos);
    auto read = [](const std::string& t, Workspace& ws) {
        std::string error;
        return read_snapshot(t, ws, error) ? std::string() : error;
    };
    Workspace ws;
    // A member given twice: the later value counts, as with nlohmann's map.
    std::string twice = text;
    twice.insert(twice.find("\"currency\":", deals), "\"value\":7,");
    REQUIRE(read(twice, ws) == "");
    CHECK(ws.deals[0].value == 7);
    // Escaped text is decoded, and the same deal is written back.
    std::string escaped = text;
    const size_t title = escaped.find("\"title\":\"", deals) + 9;
    escaped.insert(title, "\\u0041\\ud83d\\ude00\\\"\\n");
    REQUIRE(read(escaped, ws) == "");
    CHECK(ws.deals[0].title.rfind("A\xf0\x9f\x98\x80\"\n", 0) == 0);
    // Numbers that are not 64-bit integers are not integers.
    std::string v = text;
    const size_t value = v.find("\"value\":", deals) + 8;
    v.replace(value, v.find(',', value) - value, "99999999999999999999");
    CHECK(read(v, ws) == "deals[0].value: expected an integer");
    v.replace(value, v.find(',', value) - value, "1e3");
    CHECK(read(v, ws) == "deals[0].value: expected an integer");
    v.replace(value, v.find(',', value) - value, "-9223372036854775808");
    CHECK(read(v, ws) == "deals[0].value: must not be negative");
    // Invalid UTF-8 in a deal: refused with the place in the file, and nothing changes.
    Workspace before = ws;
    std::string bad = text;
    bad.insert(title, "\xc3(");
    const std::string error = read(bad, ws);
    CHECK(error.rfind("file is not valid JSON (line 1, column " + std::to_string(title + 2) + "): invalid string: ill-formed UTF-8 byte", 0) == 0);
    CHECK(write_snapshot(ws, Time(1)) == write_snapshot(before, Time(1)));
    // Cut off anywhere inside the deals: the same message.
    for (size_t cut : {deals + 12, deals + 100, text.size() - 3, text.size() - 1})
        CHECK(read(text.substr(0, cut), ws) == "file is not valid JSON: it ends too early (is it cut off?)");
}

// ---- differential check against nlohmann, the parser json_view replaced

namespace {

nlohmann::json to_nlohmann(const Value& v) {
    switch (v.kind()) {
        case Kind::Null: return nullptr;
        case Kind::Bool: return v.boolean();
        case Kind::Integer: return v.integer();
        case Kind::Unsigned: return v.unsigned_integer();
        case Kind::Float: return v.number();
        case Kind::String: return std::string(v.str());
        case Kind::Array: {
            nlohmann::json a = nlohmann::json::array();
            for (Value e : v) a.push_back(to_nlohmann(e));
            return a;
        }
        case Kind::Object: {
            nlohmann::json o = nlohmann::json::object();
            for (Value m : v.members()) o[std::string(m.key())] = to_nlohmann(m);
            return o;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("json_view: accepts and refuses exactly what nlohmann does, on 20,000 mutated texts") {
    const std::string base =
        R"({"format":"kariz.snapshot","version":2,"deals":[{"id":"d1","title":"Caf\u00e9 \"A\"\n","value":1250000,)"
        R"("labels":["hot","اولویت"],"history":[{"stage_id":"s","entered":"2026-11-18T00:00:00Z","left":null}],)"
        R"("x":[-0,1.5e3,-12,18446744073709551615,true,false,{}],"e":"\ud83d\ude00\/\\\t","dup":1,"dup":2}],"n":-9223372036854775808})";
    const char pool[] = "\"\\{}[],:0-1.eE+ tfnulr\x80\xc3\xa9\xed\xf4\xff\x01u/";
    uint32_t seed = 12345;
    auto rnd = [&](uint32_t n) { seed = seed * 1664525u + 1013904223u; return (seed >> 8) % n; };
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string t = base;
        for (uint32_t k = 0, edits = 1 + rnd(3); k < edits && !t.empty(); ++k) {
            const size_t at = rnd(static_cast<uint32_t>(t.size()));
            const char c = pool[rnd(sizeof pool - 1)];
            switch (rnd(4)) {
                case 0: t[at] = c; break;
                case 1: t.erase(at, 1); break;
                case 2: t.insert(at, 1, c); break;
                default: t.resize(at); break;
            }
        }
        Doc doc;
        Parser p;
        const bool ok = p.parse(t, doc);
        const bool theirs = nlohmann::json::accept(t);
        REQUIRE_MESSAGE(ok == theirs, t);
        if (!ok) continue;
        ++accepted;
        REQUIRE_MESSAGE(to_nlohmann(doc.root()) == nlohmann::json::parse(t), t);
    }
    CHECK(accepted > 1000);  // the mutations must also produce valid texts, or this checks little
}
