// The interface font covers every character Kariz itself writes: the build cuts DejaVu Sans down to
// assets/font-ranges.txt (CMakeLists.txt) and ImGui rasterises only those ranges (app/style.cpp),
// so a word added to a catalogue with a character outside them would show as "?".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

#include "bidi.h"
#include "test_fixtures.h"

using namespace kariz;

namespace {

using Range = std::pair<char32_t, char32_t>;

// The ranges as the build reads them: lines "FIRST-LAST  what", hex; everything else is a comment.
std::vector<Range> font_ranges() {
    std::vector<Range> out;
    std::istringstream in(read_asset("font-ranges.txt"));
    std::string line;
    while (std::getline(in, line)) {
        unsigned first = 0, last = 0;
        char dash = 0;
        std::istringstream fields(line);
        if (line.empty() || line[0] == '#' || !(fields >> std::hex >> first >> dash >> last) || dash != '-') continue;
        out.push_back({first, last});
    }
    return out;
}

bool covered(const std::vector<Range>& ranges, char32_t c) {
    for (const Range& r : ranges)
        if (c >= r.first && c <= r.second) return true;
    return false;
}

// Every string value (and object key) of a JSON document, e.g. a catalogue's words.
void collect_strings(const nlohmann::json& j, std::vector<std::string>& out) {
    if (j.is_string()) out.push_back(j.get<std::string>());
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            out.push_back(it.key());
            collect_strings(it.value(), out);
        }
    if (j.is_array())
        for (const auto& v : j) collect_strings(v, out);
}

// The characters of `text` that the font lacks, as the app draws it: in visual order and, for
// Arabic and Persian, shaped into the presentation forms (core/bidi.h).
std::u32string missing(const std::vector<Range>& ranges, const std::string& text) {
    std::u32string out;
    for (char32_t c : code_points(visual_text(text)))
        if (c >= 0x20 && !covered(ranges, c)) out += c;
    return out;
}

}  // namespace

TEST_CASE("font ranges: well formed, in ImGui's 16-bit range, sorted and apart") {
    std::vector<Range> ranges = font_ranges();
    REQUIRE(ranges.size() >= 5);
    CHECK(ranges.front().first == 0x20);  // ASCII from the space on: ImGui's own "?" and "..." need it
    for (size_t i = 0; i < ranges.size(); ++i) {
        CHECK(ranges[i].first <= ranges[i].second);
        CHECK(ranges[i].second <= 0xFFFF);
        if (i > 0) CHECK(ranges[i - 1].second < ranges[i].first);
    }
}

TEST_CASE("font ranges: every character of the catalogues, templates and the sample board is drawn") {
    const std::vector<Range> ranges = font_ranges();
    std::vector<std::string> files;
    for (const char* language : {"en", "ar", "fa"})
        for (const std::string& f : files_in(std::string(KARIZ_ASSETS_DIR) + "/i18n/" + language, ".json")) files.push_back(f);
    for (const char* name : {"sample.json", "pipelines.json", "frameworks.json"}) files.push_back(std::string(KARIZ_ASSETS_DIR) + "/" + name);
    size_t strings = 0;
    for (const std::string& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
        REQUIRE_MESSAGE(!doc.is_discarded(), file);
        std::vector<std::string> found;
        collect_strings(doc, found);
        for (const std::string& s : found) {
            std::u32string lacking = missing(ranges, s);
            std::string shown;
            for (char32_t c : lacking) append_utf8(shown, c);
            CHECK_MESSAGE(lacking.empty(), file, ": \"", s, "\" has characters outside assets/font-ranges.txt: ", shown);
        }
        strings += found.size();
    }
    CHECK(strings > 1000);
}

TEST_CASE("font ranges: a character outside them is found") {
    const std::vector<Range> ranges = font_ranges();
    CHECK(missing(ranges, "Deal ✓").size() == 1);                // U+2713, Dingbats
    CHECK(missing(ranges, "قرارداد پشتیبانی").empty());         // Persian, shaped
    CHECK(missing(ranges, "عقد صيانة سنوي").empty());            // Arabic, shaped
    CHECK(missing(ranges, "Заказ №5 — 1 200 €").empty());       // Cyrillic, numero sign, dash, euro
}
