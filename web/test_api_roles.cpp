// Test interface for roles (window.kariz.roles() in web/page/shell.js): who the device says it is,
// the manager's seller filter and the selected cards.
#include <emscripten.h>
#include "web_host.h"

using namespace kariz;

static std::string quoted(const std::string& x) {
    std::string o = "\"";
    for (char c : x) {
        if (c == '"' || c == '\\') o += '\\';
        if ((unsigned char)c >= 0x20) o += c;
    }
    return o + "\"";
}

static std::string json_list(const std::vector<std::string>& ids) {
    std::string s = "[";
    for (const std::string& id : ids) s += (s.size() > 1 ? "," : "") + quoted(id);
    return s + "]";
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* kariz_test_roles() {
    static std::string s;
    const App& app = shell().app;
    const User* me = app_current_user(app);
    s = "{\"me\":" + quoted(me ? me->id : std::string()) + ",\"role\":\"" + (me ? to_string(me->role) : "") +
        "\",\"filter\":" + json_list(app_viewer(app).sellers) + ",\"selected\":" + json_list(selected_deal_ids(app)) + "}";
    return s.c_str();
}
