// Visual-order text for ImGui through GNU FriBidi (built from Debian's source by CMakeLists.txt).
#include "bidi.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <fribidi.h>  // declares its API extern "C" itself

namespace kariz {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Strict UTF-8 decoding (Unicode Table 3-7: no overlongs, surrogates or code points past U+10FFFF).
// An invalid byte, or the longest valid prefix of a cut-off sequence, becomes one U+FFFD
// ("maximal subpart" practice), so the rest of the string still decodes.
// Returns false when something was replaced.
bool decode_utf8(const std::string& s, std::vector<FriBidiChar>& out) {
    out.clear();
    bool valid = true;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char b = p[i];
        if (b < 0x80) {
            out.push_back(b);
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) { len = 2; cp = b & 0x1F; }
        else if (b >= 0xE0 && b <= 0xEF) { len = 3; cp = b & 0x0F; if (b == 0xE0) lo = 0xA0; if (b == 0xED) hi = 0x9F; }
        else if (b >= 0xF0 && b <= 0xF4) { len = 4; cp = b & 0x07; if (b == 0xF0) lo = 0x90; if (b == 0xF4) hi = 0x8F; }
        std::size_t j = i + 1;
        for (int k = 1; k < len && j < n; ++k, ++j) {
            const unsigned char c = p[j];
            if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) break;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (len == 0 || j - i != static_cast<std::size_t>(len)) {
            out.push_back(kReplacement);
            valid = false;
            i = (len == 0) ? i + 1 : j;
            continue;
        }
        out.push_back(cp);
        i = j;
    }
    return valid;
}


// Invisible characters that only steer joining or bidi. They have done their work once the text
// is shaped and reordered, and ImGui (no zero-width handling) would draw them as boxes.
// U+FEFF is also what FriBidi leaves in the slot of the alef merged into a lam-alef ligature.
bool is_invisible_control(char32_t c) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) ||
           c == 0x061C || c == 0xFEFF;
}

// Can the bidi algorithm, shaping or the control filter change a text holding this code point?
// Without any of these there is no R/AL/AN character and no explicit embedding, so every level
// is 0: nothing is reordered, mirrored or joined.
bool needs_bidi(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) ||                    // Hebrew, Arabic, Syriac, Thaana, NKo, ...
           (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF) ||  // presentation forms
           (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF) ||  // RTL scripts past the BMP
           is_invisible_control(c);
}

// Decodes s into cps and tells whether the slow path is needed. ASCII-only text (the usual case
// for Latin boards) is decided by one byte scan without decoding.
bool decode_if_needed(const std::string& s, std::vector<FriBidiChar>& cps) {
    bool ascii = true;
    for (unsigned char b : s)
        if (b >= 0x80) { ascii = false; break; }
    if (ascii) return false;
    if (!decode_utf8(s, cps)) return true;  // U+FFFD must replace the invalid bytes
    for (FriBidiChar c : cps)
        if (needs_bidi(c)) return true;
    return false;
}

// Our buffers are reused across calls (FriBidi still allocates its run lists internally).
struct Scratch {
    std::vector<FriBidiChar> cps, line;
    std::vector<FriBidiCharType> types;
    std::vector<FriBidiBracketType> brackets;
    std::vector<FriBidiLevel> levels;
    std::vector<FriBidiArabicProp> joining;
};

// One paragraph (a line without '\n') -> visual order, shaped, appended to out as UTF-8.
void line_to_visual(Scratch& sc, const FriBidiChar* text, std::size_t n, std::string& out) {
    if (n == 0) return;
    const auto len = static_cast<FriBidiStrIndex>(n);
    sc.line.assign(text, text + n);
    sc.types.resize(n);
    sc.brackets.resize(n);
    sc.levels.resize(n);
    sc.joining.resize(n);
    FriBidiChar* str = sc.line.data();
    fribidi_get_bidi_types(str, len, sc.types.data());
    fribidi_get_bracket_types(str, len, sc.types.data(), sc.brackets.data());
    FriBidiParType base = FRIBIDI_PAR_ON;  // P2/P3: the first strong character decides
    auto show_logical = [&] {  // FriBidi's only failure is out of memory: show the text as typed
        for (std::size_t i = 0; i < n; ++i) append_utf8(out, text[i]);
    };
    if (fribidi_get_par_embedding_levels_ex(sc.types.data(), sc.brackets.data(), len, &base, sc.levels.data()) == 0)
        return show_logical();
    // Joining and shaping happen in logical order, before reordering (as fribidi_log2vis does).
    // REORDER_NSM keeps a mark after its base letter in drawing order, so ImGui draws the
    // zero-advance mark over the letter it belongs to.
    const FriBidiFlags flags = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC;
    fribidi_get_joining_types(str, len, sc.joining.data());
    fribidi_join_arabic(sc.types.data(), len, sc.levels.data(), sc.joining.data());
    fribidi_shape(flags, sc.levels.data(), len, sc.joining.data(), str);
    if (fribidi_reorder_line(flags, sc.types.data(), len, 0, base, sc.levels.data(), str, nullptr) == 0)
        return show_logical();
    for (std::size_t i = 0; i < n; ++i)
        if (!is_invisible_control(str[i])) append_utf8(out, str[i]);
}

Scratch& scratch() {
    thread_local Scratch sc;
    return sc;
}

}  // namespace

bool is_valid_utf8(const char* s, std::size_t n) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
    const unsigned char* const e = p + n;
    while (p < e) {
        // Eight ASCII bytes at a time: most stored text is ids, dates and Latin names.
        if (e - p >= 8) {
            uint64_t w;
            std::memcpy(&w, p, 8);
            if (!(w & 0x8080808080808080ull)) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        else return false;
        if (static_cast<std::size_t>(e - p) < len || p[1] < lo || p[1] > hi) return false;
        for (std::size_t k = 2; k < len; ++k)
            if ((p[k] & 0xC0) != 0x80) return false;
        p += len;
    }
    return true;
}

std::string visual_text(const std::string& logical_utf8) {
    Scratch& sc = scratch();
    if (!decode_if_needed(logical_utf8, sc.cps)) return logical_utf8;
    std::string out;
    out.reserve(logical_utf8.size() + 8);
    // Each line is its own paragraph: ImGui breaks lines at '\n' after we are done, so the
    // reordering must not move text across them.
    const FriBidiChar* cps = sc.cps.data();
    const std::size_t n = sc.cps.size();
    std::size_t start = 0;
    for (std::size_t i = 0; i <= n; ++i) {
        if (i == n || cps[i] == '\n') {
            line_to_visual(sc, cps + start, i - start, out);
            if (i < n) out += '\n';
            start = i + 1;
        }
    }
    return out;
}

bool is_rtl_paragraph(const std::string& logical_utf8) {
    Scratch& sc = scratch();
    if (!decode_if_needed(logical_utf8, sc.cps)) return false;  // nothing right-to-left inside
    const auto len = static_cast<FriBidiStrIndex>(sc.cps.size());
    sc.types.resize(sc.cps.size());
    fribidi_get_bidi_types(sc.cps.data(), len, sc.types.data());
    // Rule P2 by hand: fribidi_get_par_direction (1.0.8) does not skip isolated runs.
    int isolates = 0;
    for (FriBidiCharType t : sc.types) {
        if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) ++isolates;
        else if (t == FRIBIDI_TYPE_PDI) { if (isolates > 0) --isolates; }
        else if (isolates == 0 && FRIBIDI_IS_LETTER(t)) return FRIBIDI_IS_RTL(t);
    }
    return false;
}

const std::string& VisualTextCache::get(const std::string& logical) {
    auto it = map_.find(logical);
    if (it != map_.end()) return it->second;
    // Forgetting everything at once is cheap and keeps the visible cards' strings (they are
    // re-added on the next frame); an LRU would cost more per hit than it saves.
    if (map_.size() >= max_entries_) map_.clear();
    return map_.emplace(logical, visual_text(logical)).first->second;
}

void append_folded_for_search(std::string& out, const std::string& utf8) {
    // ASCII, most text: copied, then lower-cased in place.
    const std::size_t at = out.size();
    out += utf8;
    unsigned char seen = 0;
    for (std::size_t i = at; i < out.size(); ++i) {
        char& c = out[i];
        seen |= static_cast<unsigned char>(c);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (seen < 0x80) return;
    out.resize(at);
    thread_local std::vector<FriBidiChar> cps;
    decode_utf8(utf8, cps);
    for (FriBidiChar c : cps) {
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || c == 0x200C) continue;
        if (c == 0x064A || c == 0x0649) c = 0x06CC;       // Arabic yeh, alef maksura -> Persian yeh
        else if (c == 0x0643) c = 0x06A9;                 // Arabic kaf -> Persian keheh
        else if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671) c = 0x0627;  // alef with madda/hamza -> alef
        else if (c == 0x0624) c = 0x0648;                 // waw with hamza -> waw
        else if (c == 0x0626) c = 0x06CC;                 // yeh with hamza -> yeh
        else if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);  // Arabic-Indic digits
        else if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);  // Persian digits
        else if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
        append_utf8(out, c);
    }
}

std::string fold_for_search(const std::string& utf8) {
    std::string out;
    out.reserve(utf8.size());
    append_folded_for_search(out, utf8);
    return out;
}

std::u32string code_points(const std::string& utf8) {
    std::vector<FriBidiChar> cps;
    decode_utf8(utf8, cps);
    return std::u32string(cps.begin(), cps.end());
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace kariz
