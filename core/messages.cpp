// Message catalogues and language rules (messages.h).
#include "messages.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bidi.h"

namespace kariz {

const char* language_code(Language l) {
    switch (l) {
        case Language::Arabic: return "ar";
        case Language::Persian: return "fa";
        default: return "en";
    }
}

bool language_from_code(const std::string& code, Language& out) {
    for (int i = 0; i < kLanguageCount; ++i)
        if (code == language_code((Language)i)) {
            out = (Language)i;
            return true;
        }
    return false;
}

bool language_is_rtl(Language l) { return l == Language::Arabic || l == Language::Persian; }

PluralForm plural_form(Language l, int64_t n) {
    const uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    if (l == Language::Arabic) {
        const uint64_t h = a % 100;
        if (a == 0) return PluralForm::Zero;
        if (a == 1) return PluralForm::One;
        if (a == 2) return PluralForm::Two;
        if (h >= 3 && h <= 10) return PluralForm::Few;
        if (h >= 11 && h <= 99) return PluralForm::Many;
        return PluralForm::Other;
    }
    if (l == Language::Persian) return a <= 1 ? PluralForm::One : PluralForm::Other;  // CLDR: i = 0 or n = 1
    return a == 1 ? PluralForm::One : PluralForm::Other;
}

const char* plural_form_name(PluralForm f) {
    static const char* names[] = {"zero", "one", "two", "few", "many", "other"};
    return names[(int)f];
}

static bool is_form_name(const std::string& s) {
    for (int i = 0; i <= (int)PluralForm::Other; ++i)
        if (s == plural_form_name((PluralForm)i)) return true;
    return false;
}

bool Catalogue::add_json(const std::string& json_text, const std::string& source, std::string& error) {
    nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = source + ": not a JSON object";
        return false;
    }
    std::unordered_map<std::string, Entry> added;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '_') continue;
        if (messages_.count(key)) {
            error = source + ": \"" + key + "\" is already defined in another file";
            return false;
        }
        Entry e;
        if (it->is_string()) {
            e.forms["other"] = it->get<std::string>();
        } else if (it->is_object()) {
            for (auto f = it->begin(); f != it->end(); ++f) {
                if (!is_form_name(f.key()) || !f->is_string()) {
                    error = source + ": \"" + key + "\": \"" + f.key() + "\" is not a plural form with a text";
                    return false;
                }
                e.forms[f.key()] = f->get<std::string>();
            }
            if (!e.forms.count("other")) {
                error = source + ": \"" + key + "\" has plural forms but no \"other\"";
                return false;
            }
        } else {
            error = source + ": \"" + key + "\" must be a text or an object of plural forms";
            return false;
        }
        added.emplace(key, std::move(e));
    }
    for (auto& [k, e] : added) messages_.emplace(k, std::move(e));
    return true;
}

const std::string* Catalogue::find(const std::string& key, Language lang, const int64_t* n) const {
    auto it = messages_.find(key);
    if (it == messages_.end()) return nullptr;
    const auto& forms = it->second.forms;
    if (n) {
        auto f = forms.find(plural_form_name(plural_form(lang, *n)));
        // Arabic "zero"/"two" fall back to the usual forms when a catalogue leaves them out.
        if (f == forms.end() && *n == 0) f = forms.find("other");
        if (f == forms.end() && (*n == 1 || *n == -1)) f = forms.find("one");
        if (f != forms.end()) return &f->second;
    }
    return &forms.at("other");
}

std::vector<std::string> Catalogue::keys() const {
    std::vector<std::string> out;
    out.reserve(messages_.size());
    for (const auto& [k, e] : messages_) out.push_back(k);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Catalogue::forms(const std::string& key) const {
    std::vector<std::string> out;
    auto it = messages_.find(key);
    if (it == messages_.end()) return out;
    for (const auto& [f, p] : it->second.forms) out.push_back(f);
    std::sort(out.begin(), out.end());
    return out;
}

std::string format_message(const std::string& pattern, const std::vector<std::string>& args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
            out += c;
            ++i;
        } else if (c == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
                   pattern[i + 2] == '}') {
            size_t k = (size_t)(pattern[i + 1] - '0');
            if (k < args.size()) out += args[k];
            else out.append(pattern, i, 3);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

int placeholder_count(const std::string& pattern) {
    int n = 0;
    for (size_t i = 0; i + 2 < pattern.size(); ++i) {
        if ((pattern[i] == '{' || pattern[i] == '}') && pattern[i + 1] == pattern[i]) {
            ++i;
            continue;
        }
        if (pattern[i] == '{' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' && pattern[i + 2] == '}')
            n = std::max(n, pattern[i + 1] - '0' + 1);
    }
    return n;
}

std::string localize_digits(const std::string& ascii, Language l) {
    if (l == Language::English) return ascii;
    const char32_t zero = l == Language::Arabic ? 0x0660 : 0x06F0;
    auto digit = [&](size_t i) { return i < ascii.size() && ascii[i] >= '0' && ascii[i] <= '9'; };
    std::string out;
    out.reserve(ascii.size() * 2);
    for (size_t i = 0; i < ascii.size(); ++i) {
        char c = ascii[i];
        if (c >= '0' && c <= '9') append_utf8(out, zero + (char32_t)(c - '0'));
        else if (c == ',' && i > 0 && digit(i - 1) && digit(i + 1)) append_utf8(out, 0x066C);
        else if (c == '.' && i > 0 && digit(i - 1) && digit(i + 1)) append_utf8(out, 0x066B);
        else out += c;
    }
    return out;
}

std::string format_count(int64_t n, Language l) {
    const uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    std::string digits = std::to_string(a), grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return localize_digits((n < 0 ? "-" : "") + grouped, l);
}

}  // namespace kariz
