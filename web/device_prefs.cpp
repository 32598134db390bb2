// Choices that belong to this device rather than to the team's workspace: who uses the board
// (app/users_view.cpp explains why it is not in snapshots). Kept in localStorage, which is small,
// synchronous and per browser profile; if the browser refuses it (private mode, disabled storage),
// the choice simply lasts for this tab.
#include <emscripten.h>
#include <cstdlib>
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

void WebHost::remember_current_user(const std::string& user_id) { js_pref_set(kCurrentUserKey, user_id.c_str()); }

}  // namespace kariz
