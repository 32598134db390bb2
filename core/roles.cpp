#include "roles.h"
#include <algorithm>

namespace kariz {

const User* resolve_current_user(const Workspace& ws, const std::string& device_choice) {
    if (const User* u = ws.find_user(device_choice)) return u;
    if (const User* u = ws.find_user(ws.settings.current_user_id)) return u;
    for (const User& u : ws.users)
        if (u.role == Role::Manager) return &u;
    return ws.users.empty() ? nullptr : &ws.users.front();
}

Viewer make_viewer(const Workspace& ws, const std::string& device_choice, const std::vector<std::string>& seller_filter) {
    Viewer v;
    const User* me = resolve_current_user(ws, device_choice);
    if (!me) return v;
    v.user_id = me->id;
    v.role = me->role;
    if (me->role == Role::Manager)
        for (const std::string& id : seller_filter)
            if (ws.find_user(id)) v.sellers.push_back(id);  // a removed seller drops out of the filter
    return v;
}

std::vector<std::string> visible_owners(const Viewer& v) {
    if (v.user_id.empty()) return {};
    if (v.role == Role::Seller) return {v.user_id};
    return v.sellers;
}

bool deal_visible(const Viewer& v, const Deal& d) {
    if (v.user_id.empty()) return true;
    if (v.role == Role::Seller) return d.owner_id == v.user_id;
    return v.sellers.empty() || std::find(v.sellers.begin(), v.sellers.end(), d.owner_id) != v.sellers.end();
}

bool can_edit_deal(const Viewer& v, const Deal& d) {
    return v.user_id.empty() || v.role == Role::Manager || d.owner_id == v.user_id;
}

bool parse_colour(const std::string& hex, uint32_t& abgr) {
    if (hex.size() != 7 || hex[0] != '#') return false;
    uint32_t rgb = 0;
    for (size_t i = 1; i < 7; ++i) {
        char c = hex[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) return false;
        rgb = rgb << 4 | (uint32_t)v;
    }
    abgr = 0xFF000000u | (rgb & 0xFF) << 16 | (rgb & 0xFF00) | (rgb >> 16 & 0xFF);
    return true;
}

// Bytes of the UTF-8 code point that starts at s[i].
static size_t code_point_length(const std::string& s, size_t i) {
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return std::min(n, s.size() - i);
}

static std::string upper_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    return s;
}

std::string initials_of(const std::string& name) {
    std::vector<std::string> firsts;
    std::string first_word;
    bool in_word = false;
    for (size_t i = 0; i < name.size();) {
        size_t n = code_point_length(name, i);
        bool space = name[i] == ' ' || name[i] == '\t';
        if (!space && !in_word) firsts.push_back(name.substr(i, n));
        if (!space && firsts.size() == 1) first_word += name.substr(i, n);
        in_word = !space;
        i += n;
    }
    if (firsts.empty()) return "?";
    if (firsts.size() >= 2) return upper_ascii(firsts[0] + firsts[1]);
    size_t n = code_point_length(first_word, 0);
    if (n < first_word.size()) n += code_point_length(first_word, n);
    return upper_ascii(first_word.substr(0, n));
}

}  // namespace kariz
