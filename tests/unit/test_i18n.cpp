// The interface language: plural rules, message formatting, digits, the Solar Hijri calendar, the
// catalogues in assets/i18n (complete in all three languages) and the views' sources (every key
// they use exists; no ImGui call is given English words directly).
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "board.h"
#include "calendar.h"
#include "collation.h"
#include "dates.h"
#include "messages.h"
#include "qualification.h"
#include "snapshot.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Catalogue load(Language l) {
    Catalogue c;
    std::string error;
    for (const std::string& f : files_in(std::string(KARIZ_ASSETS_DIR) + "/i18n/" + language_code(l), ".json"))
        CHECK_MESSAGE(c.add_json(read_text(f), f, error), error);
    return c;
}

std::set<int> placeholders(const std::string& pattern) {
    std::set<int> out;
    for (size_t i = 0; i + 2 < pattern.size(); ++i)
        if (pattern[i] == '{' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}') out.insert(pattern[i + 1] - '0');
    return out;
}

}  // namespace

TEST_CASE("i18n: plural forms follow CLDR for English, Arabic and Persian") {
    CHECK(plural_form(Language::English, 1) == PluralForm::One);
    CHECK(plural_form(Language::English, 0) == PluralForm::Other);
    CHECK(plural_form(Language::English, 2) == PluralForm::Other);
    CHECK(plural_form(Language::Persian, 0) == PluralForm::One);
    CHECK(plural_form(Language::Persian, 1) == PluralForm::One);
    CHECK(plural_form(Language::Persian, 7) == PluralForm::Other);
    const std::pair<int64_t, PluralForm> arabic[] = {
        {0, PluralForm::Zero}, {1, PluralForm::One}, {2, PluralForm::Two}, {3, PluralForm::Few}, {10, PluralForm::Few},
        {11, PluralForm::Many}, {99, PluralForm::Many}, {100, PluralForm::Other}, {101, PluralForm::Other},
        {102, PluralForm::Other}, {103, PluralForm::Few}, {111, PluralForm::Many}, {1000, PluralForm::Other}};
    for (const auto& [n, form] : arabic) CHECK_MESSAGE(plural_form(Language::Arabic, n) == form, n);
}

TEST_CASE("i18n: messages put their arguments in place, braces escaped, a missing argument left visible") {
    CHECK(format_message("{0} deals, {1} shown", {"12", "3"}) == "12 deals, 3 shown");
    CHECK(format_message("{1} از {0}", {"۵", "۲"}) == "۲ از ۵");  // Persian word order differs
    CHECK(format_message("{{0}} is literal, {0} is not", {"x"}) == "{0} is literal, x is not");
    CHECK(format_message("{0} and {2}", {"a"}) == "a and {2}");
    CHECK(placeholder_count("{0} and {2}") == 3);
    CHECK(placeholder_count("{{0}}") == 0);

    Catalogue c;
    std::string error;
    REQUIRE(c.add_json(R"({"a.days": {"zero": "لا أيام", "one": "يوم واحد", "two": "يومان", "few": "{0} أيام", "many": "{0} يومًا", "other": "{0} يوم"},
                          "a.plain": "بحث", "_comment": "ignored"})", "test", error));
    int64_t n = 2;
    CHECK(*c.find("a.days", Language::Arabic, &n) == "يومان");
    n = 5;
    CHECK(*c.find("a.days", Language::Arabic, &n) == "{0} أيام");
    n = 15;
    CHECK(*c.find("a.days", Language::Arabic, &n) == "{0} يومًا");
    CHECK(*c.find("a.plain", Language::Arabic) == "بحث");
    CHECK(c.find("a.none", Language::Arabic) == nullptr);
    CHECK_FALSE(c.has("_comment"));
    // A broken file adds nothing and names itself.
    CHECK_FALSE(c.add_json(R"({"b.x": "ok", "a.plain": "again"})", "second.json", error));
    CHECK(error.find("second.json") != std::string::npos);
    CHECK_FALSE(c.has("b.x"));
    CHECK_FALSE(c.add_json(R"({"b.y": {"one": "x"}})", "third.json", error));
    CHECK(error.find("other") != std::string::npos);
    CHECK_FALSE(c.add_json(R"({"b.z": {"several": "x", "other": "y"}})", "fourth.json", error));
    CHECK_FALSE(c.add_json("[1, 2", "fifth.json", error));
}

TEST_CASE("i18n: numbers in Arabic-Indic and Persian digits with their separators") {
    CHECK(localize_digits("USD 1,234.50", Language::English) == "USD 1,234.50");
    CHECK(localize_digits("USD 1,234.50", Language::Persian) == "USD ۱٬۲۳۴٫۵۰");
    CHECK(localize_digits("USD 1,234.50", Language::Arabic) == "USD ١٬٢٣٤٫٥٠");
    CHECK(localize_digits("3/4, then 5.", Language::Persian) == "۳/۴, then ۵.");  // punctuation not between digits stays
    CHECK(format_count(1234567, Language::English) == "1,234,567");
    CHECK(format_count(-1234, Language::Persian) == "-۱٬۲۳۴");
    CHECK(format_count(0, Language::Arabic) == "٠");
}

TEST_CASE("i18n: Solar Hijri dates against known days") {
    struct Pair { CivilDate g, j; } known[] = {
        {{2024, 3, 20}, {1403, 1, 1}},    // Nowruz 1403
        {{2025, 3, 20}, {1403, 12, 30}},  // 1403 is a leap year: Esfand has 30 days
        {{2025, 3, 21}, {1404, 1, 1}},
        {{2026, 11, 22}, {1405, 9, 1}},   // 1 Azar
        {{1979, 2, 11}, {1357, 11, 22}},  // 22 Bahman 1357
        {{2000, 1, 1}, {1378, 10, 11}},
        {{2017, 3, 21}, {1396, 1, 1}},
    };
    for (const Pair& p : known) {
        CivilDate j, g;
        REQUIRE(solar_hijri_from_gregorian(p.g, j));
        CHECK_MESSAGE(j == p.j, p.g.year, "-", p.g.month, "-", p.g.day, " gave ", j.year, "/", j.month, "/", j.day);
        REQUIRE(gregorian_from_solar_hijri(p.j, g));
        CHECK(g == p.g);
    }
    CHECK(is_solar_hijri_leap_year(1403));
    CHECK_FALSE(is_solar_hijri_leap_year(1404));
    CivilDate out;
    CHECK_FALSE(gregorian_from_solar_hijri({1404, 12, 30}, out));  // not a leap year
    CHECK_FALSE(gregorian_from_solar_hijri({1404, 13, 1}, out));
    CHECK_FALSE(gregorian_from_solar_hijri({1404, 7, 31}, out));   // the second half has 30-day months
    // Every day from 1900 to 2100 maps to the next Solar Hijri day and back.
    CivilDate prev{};
    for (int64_t day = days_from_civil(1900, 1, 1); day <= days_from_civil(2100, 12, 31); ++day) {
        int y;
        unsigned m, d;
        civil_from_days(day, y, m, d);
        CivilDate g{y, (int)m, (int)d}, j, back;
        REQUIRE(solar_hijri_from_gregorian(g, j));
        REQUIRE(gregorian_from_solar_hijri(j, back));
        REQUIRE(back == g);
        if (prev.year) {
            bool next_day = (j.year == prev.year && j.month == prev.month && j.day == prev.day + 1) ||
                            (j.year == prev.year && j.month == prev.month + 1 && j.day == 1 &&
                             prev.day == solar_hijri_month_length(prev.year, prev.month)) ||
                            (j.year == prev.year + 1 && j.month == 1 && j.day == 1 && prev.month == 12);
            REQUIRE_MESSAGE(next_day, y, "-", m, "-", d);
        }
        prev = j;
    }
}

TEST_CASE("i18n: the catalogues are complete in English, Arabic and Persian") {
    Catalogue cats[kLanguageCount];
    for (int i = 0; i < kLanguageCount; ++i) cats[i] = load((Language)i);
    const Catalogue& en = cats[0];
    REQUIRE(en.size() > 100);
    for (int i = 1; i < kLanguageCount; ++i) {
        const Language l = (Language)i;
        for (const std::string& key : en.keys()) {
            if (!cats[i].has(key)) {
                FAIL_CHECK(language_code(l) << " lacks " << key);
                continue;
            }
            // A date pattern picks what it needs of the five parts the code always passes.
            if (key.rfind("date.pattern", 0) == 0) continue;
            const std::set<int> want = placeholders(*en.find(key, Language::English));
            const bool counted = en.forms(key).size() > 1;
            for (const std::string& form : cats[i].forms(key)) {
                int64_t n = form == "zero" ? 0 : form == "one" ? 1 : form == "two" ? 2 : form == "few" ? 3 : form == "many" ? 11 : 100;
                if (form == "one" && l == Language::Persian) n = 1;
                const std::string& text = *cats[i].find(key, l, counted ? &n : nullptr);
                std::set<int> got = placeholders(text);
                // A plural form may say its number in words ("يومان", two days) instead of {0}.
                std::set<int> need = want;
                if (counted) need.erase(0);
                for (int k : need) CHECK_MESSAGE(got.count(k), language_code(l), " ", key, " [", form, "] lacks {", k, "}");
                for (int k : got) CHECK_MESSAGE(want.count(k), language_code(l), " ", key, " [", form, "] has an extra {", k, "}");
                // No English left untranslated where English has words (brand, codes and formats excepted).
                if (text == *en.find(key, Language::English) && std::regex_search(text, std::regex("[a-z]{4,}")))
                    CHECK_MESSAGE(key.rfind("action.", 0) != 0, language_code(l), " ", key, " is still English");
            }
        }
        for (const std::string& key : cats[i].keys()) CHECK_MESSAGE(en.has(key), language_code(l), " has ", key, " which English lacks");
    }
}

TEST_CASE("i18n: every key the views use exists, and no ImGui call is handed words directly") {
    const Catalogue en = load(Language::English);
    std::vector<std::string> sources = files_in(std::string(KARIZ_SOURCE_DIR) + "/app", ".cpp");
    for (const std::string& f : files_in(std::string(KARIZ_SOURCE_DIR) + "/web", ".cpp")) sources.push_back(f);
    REQUIRE(sources.size() > 10);
    // tr("key"), trf("key", ...), trn("key", ...), lbl("key", ...), Text("key"...), Text::counted("key"...)
    const std::regex key_use(R"re((?:\btr|\btrf|\btrn|\blbl|\bText|Text::counted)\(\s*"([a-z_]+\.[a-z0-9_.]+)"\s*[,)])re");
    // An ImGui widget or text call whose first argument is a literal (BeginChild's, BeginPopup's and
    // OpenPopup's are ids only, never drawn).
    const std::regex imgui_literal(
        R"re(ImGui::(Text|TextUnformatted|TextDisabled|TextWrapped|BulletText|Button|SmallButton|MenuItem|BeginMenu|Checkbox|RadioButton|Selectable|CollapsingHeader|TreeNode|BeginTabItem|BeginPopupModal|SetTooltip|InputText|InputTextWithHint|InputTextMultiline|InputInt|Combo|BeginCombo|SliderInt|DragInt|LabelText|ProgressBar|Begin)\(\s*"((?:[^"\\]|\\.)*)")re");
    const std::regex colored_literal(R"re(ImGui::TextColored\([^"]*?\)\s*,\s*"((?:[^"\\]|\\.)*)")re");
    const std::regex hint_literal(R"re((?:InputTextWithHint|ui_input_text_hint)\(\s*[^,]+,\s*"((?:[^"\\]|\\.)*)")re");
    const std::regex helper_literal(R"re(\b(?:named_button|ui_text|ui_text_disabled|ui_text_wrapped)\(\s*"((?:[^"\\]|\\.)*)")re");
    const std::regex format_spec(R"re(%[-+ #0-9.]*(?:ll|l|z|h)?[sdfuxcgi%])re");
    auto has_words = [&](std::string lit) {
        size_t hash = lit.find("##");
        if (hash != std::string::npos) lit = lit.substr(0, hash);
        lit = std::regex_replace(lit, format_spec, "");
        if (std::regex_match(lit, std::regex("[A-Z]{3}"))) return false;  // a currency code as an example
        return std::regex_search(lit, std::regex("[A-Za-z]{2,}"));
    };
    int uses = 0;
    for (const std::string& file : sources) {
        std::istringstream in(read_text(file));
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.find("//") != std::string::npos && line.find("//") < line.find_first_not_of(' ') + 1) continue;  // comment line
            for (auto it = std::sregex_iterator(line.begin(), line.end(), key_use); it != std::sregex_iterator(); ++it) {
                ++uses;
                CHECK_MESSAGE(en.has((*it)[1]), file, ":", n, " uses \"", (*it)[1].str(), "\", not in assets/i18n/en");
            }
            for (const std::regex* re : {&imgui_literal, &colored_literal, &hint_literal, &helper_literal})
                for (auto it = std::sregex_iterator(line.begin(), line.end(), *re); it != std::sregex_iterator(); ++it) {
                    const std::string lit = (*it)[it->size() - 1];
                    CHECK_MESSAGE(!has_words(lit), file, ":", n, " draws \"", lit, "\": put the words in assets/i18n");
                }
        }
    }
    CHECK(uses > 300);
}

TEST_CASE("i18n: alphabetical order follows the Persian and Arabic alphabets, not code points") {
    auto before = [](const std::string& a, const std::string& b, Language l = Language::Persian) {
        return collation_key(a, l) < collation_key(b, l);
    };
    // Code points put ح (U+062D) before چ (U+0686) and ل (U+0644) before گ (U+06AF).
    CHECK(before("چاپ", "حافظ"));
    CHECK(before("گلستان", "لوازم"));
    CHECK(before("بهار", "پارس"));
    CHECK(before("پارس", "تهران"));
    CHECK(before("زهره", "ژاله"));
    CHECK(before("ژاله", "سارا"));
    // Arabic and Persian spellings of the same letter sort together; diacritics do not count.
    CHECK(collation_key("كريم", Language::Persian) == collation_key("کریم", Language::Persian));
    CHECK(collation_key("عَلِيّ", Language::Arabic) == collation_key("علی", Language::Arabic));
    // و and ه: Persian و then ه, Arabic ه then و.
    CHECK(before("وحید", "هادی", Language::Persian));
    CHECK(before("هادي", "وليد", Language::Arabic));
    // Latin first, case-insensitive; digits before letters.
    CHECK(before("acme", "Beta"));
    CHECK(before("Zeta", "الف"));
    CHECK(before("2026 plan", "alpha"));
}

TEST_CASE("i18n: a column sorted by title follows the interface language's alphabet") {
    Workspace ws;
    Pipeline p;
    p.id = "p1";
    p.name = "Sales";
    p.stages.push_back(Stage{"s0", "Unsorted", 0, 0, {}, false});
    ws.pipelines.push_back(p);
    const char* titles[] = {"لوازم", "حافظ", "گلستان", "چاپ", "Acme"};
    for (int i = 0; i < 5; ++i) {
        Deal d;
        d.id = "d" + std::to_string(i);
        d.title = titles[i];
        d.pipeline_id = "p1";
        d.stage_id = "s0";
        d.currency = "IRR";
        d.stage_entered_at = 1000 + i;
        d.expected_close = i == 1 ? "" : "2026-12-0" + std::to_string(5 - i);
        ws.deals.push_back(d);
    }
    BoardQuery q;
    q.pipeline_id = "p1";
    q.order = CardOrder::Title;
    q.collation = Language::Persian;
    Board b = build_columns(ws, q);
    std::vector<std::string> got;
    for (uint32_t i : b.columns[0].cards) got.push_back(ws.deals[i].title);
    CHECK(got == std::vector<std::string>{"Acme", "چاپ", "حافظ", "گلستان", "لوازم"});
    q.order = CardOrder::NewestInStage;
    b = build_columns(ws, q);
    CHECK(ws.deals[b.columns[0].cards[0]].title == "Acme");  // entered the stage last
    q.order = CardOrder::ExpectedClose;
    b = build_columns(ws, q);
    CHECK(ws.deals[b.columns[0].cards[0]].title == "Acme");          // 2026-12-01
    CHECK(ws.deals[b.columns[0].cards.back()].title == "حافظ");      // no date: last
}

TEST_CASE("i18n: the English catalogue says what the shipped templates and frameworks say") {
    const Catalogue en = load(Language::English);
    std::vector<PipelineTemplate> templates;
    std::vector<Framework> frameworks;
    std::string error;
    REQUIRE(read_pipeline_templates(read_text(std::string(KARIZ_ASSETS_DIR) + "/pipelines.json"), templates, error));
    REQUIRE(read_frameworks(read_text(std::string(KARIZ_ASSETS_DIR) + "/frameworks.json"), frameworks, error));
    auto key_part = [](std::string id) {
        for (char& c : id)
            if (c == '-') c = '_';
        return id;
    };
    auto says = [&](const std::string& key, const std::string& text) {
        const std::string* p = en.find(key, Language::English);
        CHECK_MESSAGE((p && *p == text), key, " should say \"", text, "\"");
    };
    for (const PipelineTemplate& t : templates) {
        const std::string k = "template." + key_part(t.id);
        says(k + ".name", t.name);
        says(k + ".description", t.description);
        for (size_t i = 0; i < t.stages.size(); ++i) says(k + ".stage." + std::to_string(i + 1), t.stages[i].name);
    }
    for (const Framework& f : frameworks) {
        const std::string k = "framework." + key_part(f.id);
        says(k + ".description", f.description);
        for (const Criterion& c : f.criteria) {
            says(k + "." + key_part(c.id) + ".name", c.name);
            for (size_t i = 0; i < c.questions.size(); ++i) says(k + "." + key_part(c.id) + ".q" + std::to_string(i + 1), c.questions[i]);
        }
    }
}
