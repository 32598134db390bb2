// The interface's words, kept out of the code: message catalogues (assets/i18n/<language>/*.json)
// and the language rules that go with them (plural forms, digits). Core code that produces text
// for people (flags, nudges, score terms, refusals) returns a Text: a catalogue key and its
// arguments, so the interface can say it in the chosen language. Plain C++: the app loads the
// files and does the drawing.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace kariz {

enum class Language { English = 0, Arabic = 1, Persian = 2 };
constexpr int kLanguageCount = 3;
const char* language_code(Language l);  // "en", "ar", "fa": the folder under assets/i18n
bool language_from_code(const std::string& code, Language& out);
bool language_is_rtl(Language l);

// CLDR plural categories. English and Persian use one/other; Arabic all six
// (0 zero, 1 one, 2 two, n%100 in 3..10 few, n%100 in 11..99 many, the rest other).
enum class PluralForm { Zero, One, Two, Few, Many, Other };
PluralForm plural_form(Language l, int64_t n);
const char* plural_form_name(PluralForm f);  // "zero", "one", ... as written in the catalogue

// An argument of a message: numbers are marked so the interface writes them with the language's
// digits; text (a deal title, a stage name) is never touched.
struct TextArg {
    std::string value;
    bool number = false;
    TextArg(std::string s) : value(std::move(s)) {}
    TextArg(const char* s) : value(s) {}
    TextArg(int n) : value(std::to_string(n)), number(true) {}
    TextArg(long n) : value(std::to_string(n)), number(true) {}
    TextArg(long long n) : value(std::to_string(n)), number(true) {}
    TextArg(unsigned n) : value(std::to_string(n)), number(true) {}
    TextArg(unsigned long n) : value(std::to_string(n)), number(true) {}
    TextArg(unsigned long long n) : value(std::to_string(n)), number(true) {}
    bool operator==(const TextArg& o) const { return value == o.value && number == o.number; }
};

// Text for people, before it is put into words: "flag.gone_dark" + {5}. `count` picks the plural
// form when the message has forms (the key's entry is then an object {"one": ..., "other": ...}).
struct Text {
    std::string key;
    std::vector<TextArg> args;
    int64_t count = 0;
    bool has_count = false;
    Text() = default;
    Text(std::string k, std::vector<TextArg> a = {}) : key(std::move(k)), args(std::move(a)) {}
    static Text counted(std::string k, int64_t n, std::vector<TextArg> a = {}) {
        Text t(std::move(k), std::move(a));
        t.count = n;
        t.has_count = true;
        return t;
    }
    bool empty() const { return key.empty(); }
    bool operator==(const Text& o) const { return key == o.key && args == o.args && count == o.count; }
};

// One language's messages. A key maps to a pattern ("{0} deals, {1} shown") or to plural forms.
// Patterns use {0}..{9}; "{{" and "}}" are literal braces.
class Catalogue {
public:
    // Adds the messages of one file (a JSON object of key -> string | {form: string}). Keys
    // starting with "_" are comments. A key already present, a form name that is not a CLDR
    // category, a form object without "other", or bad JSON is an error naming `source`; nothing
    // of that file is added then.
    bool add_json(const std::string& json_text, const std::string& source, std::string& error);
    // The pattern for key (the plural form for n when given); null when the key is unknown.
    const std::string* find(const std::string& key, Language lang, const int64_t* n = nullptr) const;
    bool has(const std::string& key) const { return messages_.count(key) != 0; }
    std::vector<std::string> keys() const;
    // The form names a key has (["other"] for a plain pattern).
    std::vector<std::string> forms(const std::string& key) const;
    size_t size() const { return messages_.size(); }

private:
    struct Entry { std::unordered_map<std::string, std::string> forms; };  // "other" always present
    std::unordered_map<std::string, Entry> messages_;
};

// Puts args into pattern: "{0}" -> args[0]. A placeholder without an argument stays as written, so
// a missing argument shows instead of vanishing.
std::string format_message(const std::string& pattern, const std::vector<std::string>& args);
// The highest placeholder index used in pattern plus one (0 when none).
int placeholder_count(const std::string& pattern);

// A number as the language writes it: ASCII digits become Arabic-Indic (٠..٩) for Arabic and
// Persian/extended (۰..۹) for Persian; a ',' or '.' between two digits becomes the Arabic
// thousands (٬) or decimal (٫) separator. Anything else is kept, so "USD 1,234.50" works.
std::string localize_digits(const std::string& ascii, Language l);
// 1234567 -> "1,234,567" in the language's digits.
std::string format_count(int64_t n, Language l);

}  // namespace kariz
