// Choices that belong to this device rather than to the team's workspace: who uses the board
// (app/users_view.cpp explains why it is not in snapshots). Kept in localStorage, which is small,
// synchronous and per browser profile; if the browser refuses it (private mode, disabled storage),
// the choice simply lasts for this tab.
#include <emscripten.h>
#include <cstdlib>
#include "i18n.h"
#include "web_host.h"

EM_JS(char*, js_pref_get, (const char* key), {
    try {
        var v = window.localStorage.getItem(UTF8ToString(key));
        if (v === null) return 0;
        var n = lengthBytesUTF8(v) + 1;
        var p = _malloc(n);
        stringToUTF8(v, p, n);
        return p;
    } catch (e) {
        return 0;
    }
});

EM_JS(void, js_pref_set, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

namespace kariz {

static const char* kCurrentUserKey = "kariz.current_user";

std::string device_current_user() {
    char* p = js_pref_get(kCurrentUserKey);
    if (!p) return "";
    std::string v(p);
    std::free(p);
    return v.size() <= 300 ? v : "";
}

static const char* kLanguageKey = "kariz.language";
static const char* kCalendarKey = "kariz.calendar";

EM_JS(char*, js_browser_language, (), {
    var langs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en'];
    for (var i = 0; i < langs.length; ++i) {
        var l = String(langs[i]).slice(0, 2).toLowerCase();
        if (l === 'en' || l === 'ar' || l === 'fa') {
            var p = _malloc(3);
            stringToUTF8(l, p, 3);
            return p;
        }
    }
    return 0;
});

// The page says its language and direction too (screen readers, the browser's own UI), and gets
// the words of its own bars (web/page/offline.js, shell.js) from the same catalogues.
EM_JS(void, js_set_document_language, (const char* code, const char* words_json), {
    var l = UTF8ToString(code);
    document.documentElement.lang = l;
    document.documentElement.dir = (l === 'ar' || l === 'fa') ? 'rtl' : 'ltr';
    try { window.karizWords = JSON.parse(UTF8ToString(words_json)); } catch (e) {}
    var reload = document.getElementById('update-reload');
    if (reload && window.karizWords && window.karizWords.reload) reload.textContent = window.karizWords.reload;
    var loading = document.getElementById('loading');  // shown until the stored board is read
    if (loading && window.karizWords && window.karizWords.opening) loading.textContent = window.karizWords.opening;
});

// The page's own words, in the interface language (logical order: the browser shapes them).
static std::string page_words_json() {
    static const char* keys[][2] = {{"page.update_ready", "update_ready"}, {"page.updated_elsewhere", "updated_elsewhere"},
                                    {"page.reload", "reload"}, {"page.stopped", "stopped"}, {"app.opening", "opening"}};
    std::string out = "{";
    for (const auto& key : keys) {
        std::string text = kariz::tr_plain(kariz::Text(key[0], {"{0}"}));
        if (out.size() > 1) out += ',';
        out += "\"" + std::string(key[1]) + "\":\"";
        for (char c : text) {
            if (c == '"' || c == '\\') out += '\\';
            if ((unsigned char)c >= 0x20) out += c;
        }
        out += '"';
    }
    return out + "}";
}

static std::string take(char* p) {
    if (!p) return "";
    std::string v(p);
    std::free(p);
    return v;
}

std::string device_interface_language() {
    std::string v = take(js_pref_get(kLanguageKey));
    if (v != "en" && v != "ar" && v != "fa") v = take(js_browser_language());
    if (v != "en" && v != "ar" && v != "fa") v = "en";
    return v;
}

bool device_solar_hijri() { return take(js_pref_get(kCalendarKey)) == "solar_hijri"; }

void WebHost::remember_interface_language(const std::string& code, bool solar_hijri) {
    js_pref_set(kLanguageKey, code.c_str());
    js_pref_set(kCalendarKey, solar_hijri ? "solar_hijri" : "gregorian");
    js_set_document_language(code.c_str(), page_words_json().c_str());
}

void WebHost::remember_current_user(const std::string& user_id) { js_pref_set(kCurrentUserKey, user_id.c_str()); }

}  // namespace kariz
