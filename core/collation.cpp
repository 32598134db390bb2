// Alphabetical sort keys (collation.h).
#include "collation.h"

#include "bidi.h"

namespace kariz {

namespace {

// The Persian alphabet; ة sorts with ه, ء before alef. Index = rank.
const char32_t kAlphabet[] = {0x0621, 0x0627, 0x0628, 0x067E, 0x062A, 0x062B, 0x062C, 0x0686, 0x062D, 0x062E,
                              0x062F, 0x0630, 0x0631, 0x0632, 0x0698, 0x0633, 0x0634, 0x0635, 0x0636, 0x0637,
                              0x0638, 0x0639, 0x063A, 0x0641, 0x0642, 0x06A9, 0x06AF, 0x0644, 0x0645, 0x0646,
                              0x0648, 0x0647, 0x06CC};
const int kWaw = 30, kHeh = 31;

int rank_of(char32_t c) {
    if (c == 0x0629 || c == 0x06C0 || c == 0x06BE) c = 0x0647;  // teh marbuta, heh with yeh, heh doachashmee
    for (int i = 0; i < (int)(sizeof kAlphabet / sizeof kAlphabet[0]); ++i)
        if (kAlphabet[i] == c) return i;
    return -1;
}

// One code point of UTF-8 at s[i]; advances i. Invalid bytes come back as themselves.
char32_t next_code_point(const std::string& s, size_t& i) {
    unsigned char b = (unsigned char)s[i++];
    if (b < 0x80) return b;
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    char32_t c = b & (0x3F >> extra);
    for (int k = 0; k < extra && i < s.size(); ++k) c = (c << 6) | ((unsigned char)s[i++] & 0x3F);
    return c;
}

}  // namespace

std::string collation_key(const std::string& utf8, Language lang) {
    const std::string folded = fold_for_search(utf8);
    std::string key;
    key.reserve(folded.size() + 8);
    for (size_t i = 0; i < folded.size();) {
        const size_t start = i;
        char32_t c = next_code_point(folded, i);
        if (c < 0x80) {
            key += (char)c;
            continue;
        }
        int r = rank_of(c);
        if (r >= 0) {
            if (lang == Language::Arabic && (r == kWaw || r == kHeh)) r = r == kWaw ? kHeh : kWaw;
            key += '\xC0';  // after every ASCII byte: Latin names first
            key += (char)(0x20 + r);
        } else {
            key += '\xD0';  // other letters after the alphabet, in code point order
            key.append(folded, start, i - start);
        }
    }
    return key;
}

}  // namespace kariz
