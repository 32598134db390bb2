// The interface language (i18n.h). One global, like ImGui's own context: every view reads it, and
// it changes only when the user picks another language in Settings.
#include "i18n.h"

#include <dirent.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "bidi.h"
#include "calendar.h"
#include "dates.h"
#include "money.h"

namespace kariz {

namespace {

struct I18n {
    std::string dir;                      // …/assets/i18n
    Catalogue catalogues[kLanguageCount];
    bool loaded[kLanguageCount] = {};     // read on first use: see i18n_load
    Language lang = Language::English;
    bool solar_hijri = false;
    std::unordered_map<std::string, std::string> shaped;  // key -> drawable text, this language
    std::set<std::string> missing;
    VisualTextCache composed{4000};                        // trf/trn results
};

I18n& g() {
    static I18n state;
    return state;
}

// The right-to-left mark makes a sentence right to left even when it starts with a number or a
// Latin word (an amount, a deal title), as it reads in an Arabic or Persian interface.
std::string for_layout(const std::string& logical) {
    return ui_rtl() ? "\xE2\x80\x8F" + logical : logical;
}

const std::string* pattern(const std::string& key, const int64_t* n) {
    I18n& s = g();
    if (const std::string* p = s.catalogues[(int)s.lang].find(key, s.lang, n)) return p;
    if (const std::string* p = s.catalogues[0].find(key, Language::English, n)) {
        s.missing.insert(std::string(language_code(s.lang)) + ":" + key);
        return p;
    }
    s.missing.insert(key);
    return nullptr;
}

std::string compose_logical(const Text& t) {
    const int64_t* n = t.has_count ? &t.count : nullptr;
    const std::string* p = pattern(t.key, n);
    if (!p) return t.key;
    std::vector<std::string> args;
    if (t.has_count) args.push_back(num(t.count));
    for (const TextArg& a : t.args) args.push_back(a.number ? digits(a.value) : a.value);
    return format_message(*p, args);
}

}  // namespace

bool read_asset(const std::string& path, std::string& out) {
    // One fread of the whole file: iostreams copied a 80 kB file byte by byte (issue 7: ~5 ms each
    // at start-up in wasm).
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    bool ok = std::fseek(f, 0, SEEK_END) == 0;
    long size = ok ? std::ftell(f) : -1;
    ok = ok && size >= 0 && std::fseek(f, 0, SEEK_SET) == 0;
    if (ok) {
        out.resize((size_t)size);
        ok = std::fread(&out[0], 1, (size_t)size, f) == (size_t)size;
    }
    std::fclose(f);
    return ok;
}

// Reads one language's folder of catalogues.
static bool load_language(Language l, std::string& error) {
    I18n& s = g();
    int i = (int)l;
    s.loaded[i] = true;
    s.catalogues[i] = Catalogue();
    std::string folder = s.dir + "/" + language_code(l);
    std::vector<std::string> files;
    if (DIR* d = opendir(folder.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) files.push_back(name);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        error = "no message catalogue in " + folder;
        return false;
    }
    bool ok = true;
    for (const std::string& f : files) {
        std::string text, e;
        if (!read_asset(folder + "/" + f, text) || !s.catalogues[i].add_json(text, folder + "/" + f, e)) {
            error = e.empty() ? folder + "/" + f + " could not be read" : e;
            ok = false;
        }
    }
    return ok;
}

// Only English (every message's fallback) is read here; another language when it is chosen or its
// name is shown. Reading and parsing all three at start cost 10-25 ms of the first frame (issue 7).
bool i18n_load(const std::string& dir, std::string& error) {
    I18n& s = g();
    s.dir = dir;
    for (bool& l : s.loaded) l = false;
    s.shaped.clear();
    s.composed.clear();
    bool ok = load_language(Language::English, error);
    if (s.lang != Language::English && !load_language(s.lang, error)) ok = false;
    return ok;
}

bool i18n_set_language(Language lang, std::string& error) {
    I18n& s = g();
    bool ok = s.loaded[(int)lang] || load_language(lang, error);
    if (s.lang == lang) return ok;
    s.lang = lang;
    s.shaped.clear();
    s.composed.clear();
    return ok;
}

Language ui_language() { return g().lang; }
bool ui_rtl() { return language_is_rtl(g().lang); }
void i18n_set_solar_hijri(bool on) { g().solar_hijri = on; }
bool i18n_solar_hijri_chosen() { return g().solar_hijri; }
bool ui_solar_hijri() { return g().solar_hijri && g().lang == Language::Persian; }

const char* tr(const char* key) {
    I18n& s = g();
    auto it = s.shaped.find(key);
    if (it == s.shaped.end()) {
        const std::string* p = pattern(key, nullptr);
        it = s.shaped.emplace(key, p ? visual_text(for_layout(*p)) : std::string(key)).first;
    }
    return it->second.c_str();
}

std::string trf(const char* key, const std::vector<TextArg>& args) { return tr_text(Text(key, args)); }

std::string trn(const char* key, int64_t n, const std::vector<TextArg>& args) {
    return tr_text(Text::counted(key, n, args));
}

std::string tr_text(const Text& t) { return g().composed.get(for_layout(compose_logical(t))); }
std::string tr_plain(const Text& t) { return compose_logical(t); }

std::string lbl(const char* key, const char* id) { return std::string(tr(key)) + "###" + id; }

std::vector<std::string> i18n_missing_keys() { return {g().missing.begin(), g().missing.end()}; }

bool i18n_find(const std::string& key, std::string& out) {
    const std::string* p = g().catalogues[(int)g().lang].find(key, g().lang);
    if (p) out = *p;
    return p != nullptr;
}

std::string language_name(Language l) {
    std::string ignored;  // a broken catalogue shows the language's code instead of its name
    if (!g().loaded[(int)l]) load_language(l, ignored);
    const std::string* p = g().catalogues[(int)l].find("language.name", l);
    return visual_text(p ? *p : language_code(l));
}

std::string num(int64_t n) { return format_count(n, g().lang); }
std::string digits(const std::string& ascii) { return localize_digits(ascii, g().lang); }

std::string money_text(int64_t minor, const std::string& currency, bool whole) {
    return digits(format_money(minor, currency, whole));
}

std::string month_name(int month, bool solar_hijri) {
    if (month < 1 || month > 12) return "";
    std::string key = std::string(solar_hijri ? "month.solar_hijri." : "month.gregorian.") + std::to_string(month);
    const std::string* p = pattern(key, nullptr);
    return p ? *p : key;
}

std::string date_text(const std::string& iso_date) {
    if (!is_valid_date(iso_date)) return iso_date;
    CivilDate d{std::stoi(iso_date.substr(0, 4)), std::stoi(iso_date.substr(5, 2)), std::stoi(iso_date.substr(8, 2))};
    bool hijri = ui_solar_hijri();
    if (hijri && !solar_hijri_from_gregorian(d, d)) hijri = false;
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    // {0} year, {1} month 01-12, {2} day 01-31, {3} month name, {4} day without a leading zero.
    const std::string* p = pattern(hijri ? "date.pattern.solar_hijri" : "date.pattern", nullptr);
    std::string logical = format_message(p ? *p : "{0}-{1}-{2}",
                                         {digits(std::to_string(d.year)), digits(two(d.month)), digits(two(d.day)),
                                          month_name(d.month, hijri), digits(std::to_string(d.day))});
    return g().composed.get(for_layout(logical));
}

std::string date_text(Time t) { return date_text(format_date(t)); }

void ui_align_for(float width) {
    if (!ui_rtl()) return;
    float avail = ImGui::GetContentRegionAvail().x;
    if (avail > width) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - width);
}

void ui_text(const std::string& shaped) {
    ui_align_for(ImGui::CalcTextSize(shaped.c_str()).x);
    ImGui::TextUnformatted(shaped.c_str());
}

void ui_text_disabled(const std::string& shaped) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ui_text(shaped);
    ImGui::PopStyleColor();
}

void ui_text_coloured(unsigned colour, const std::string& shaped) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ui_text(shaped);
    ImGui::PopStyleColor();
}

// Word-wraps in logical order, then shapes each line on its own: wrapping visual text would put
// the end of a right-to-left sentence on its first line.
static std::vector<std::string> wrapped_lines(const std::string& logical, float width, bool interface_text) {
    std::vector<std::string> lines;
    auto emit = [&](const std::string& line) {
        lines.push_back(interface_text ? g().composed.get(for_layout(line)) : visual_text(line));
    };
    size_t start = 0;
    while (start <= logical.size()) {
        size_t end = logical.find('\n', start);
        if (end == std::string::npos) end = logical.size();
        std::string line;
        for (size_t w = start; w <= end;) {
            size_t space = logical.find(' ', w);
            if (space == std::string::npos || space > end) space = end;
            std::string word = logical.substr(w, space - w);
            std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && ImGui::CalcTextSize(visual_text(candidate).c_str()).x > width) {
                emit(line);
                line = word;
            } else {
                line = candidate;
            }
            w = space + 1;
        }
        emit(line);
        start = end + 1;
    }
    return lines;
}

std::string wrapped_visual(const std::string& logical, float width) {
    std::string out;
    for (const std::string& l : wrapped_lines(logical, width, false)) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

void ui_text_wrapped(const std::string& logical) {
    float width = ImGui::GetContentRegionAvail().x;
    bool right = ui_rtl() || is_rtl_paragraph(logical);
    for (const std::string& l : wrapped_lines(logical, width, false)) {
        if (right) {
            float w = ImGui::CalcTextSize(l.c_str()).x;
            if (width > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width - w);
        }
        ImGui::TextUnformatted(l.c_str());
    }
}

void ui_paragraph(const Text& t) {
    float width = ImGui::GetContentRegionAvail().x;
    for (const std::string& l : wrapped_lines(compose_logical(t), width, true)) {
        if (ui_rtl()) {
            float w = ImGui::CalcTextSize(l.c_str()).x;
            if (width > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width - w);
        }
        ImGui::TextUnformatted(l.c_str());
    }
}

}  // namespace kariz
