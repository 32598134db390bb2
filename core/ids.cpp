#include "ids.h"

namespace kariz {

uint64_t IdGenerator::next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

std::string IdGenerator::uuid4() {
    uint64_t hi = next(), lo = next();
    hi = (hi & 0xffffffffffff0fffull) | 0x0000000000004000ull;  // version 4
    lo = (lo & 0x3fffffffffffffffull) | 0x8000000000000000ull;  // RFC 4122 variant
    static const char* hex = "0123456789abcdef";
    std::string s;
    s.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        uint8_t byte = i < 8 ? (uint8_t)(hi >> (56 - 8 * i)) : (uint8_t)(lo >> (56 - 8 * (i - 8)));
        s += hex[byte >> 4];
        s += hex[byte & 15];
    }
    return s;
}

int64_t IdGenerator::next_counter(int64_t now_seconds) {
    int64_t wall = now_seconds * 1000;
    last_counter = last_counter + 1 > wall ? last_counter + 1 : wall;
    return last_counter;
}

std::string new_device_id(IdGenerator& ids) {
    static const char* hex = "0123456789abcdef";
    uint64_t v = ids.next();
    std::string s;
    for (int i = 0; i < 8; ++i) s += hex[(v >> (4 * i)) & 15];
    return s;
}

bool is_uuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
}

}  // namespace kariz
