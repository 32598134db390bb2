// Display helpers for right-to-left text (Persian, Arabic, Hebrew) in an ImGui that draws glyphs
// left to right one by one, with no shaping of its own. Stored text is never changed: every
// function here returns a new string meant only for drawing or matching.
#pragma once
#include <string>
#include <unordered_map>

namespace kariz {

// Logical-order UTF-8 -> visual-order UTF-8 for drawing left to right: the Unicode bidi algorithm
// (GNU FriBidi, base direction from the first strong character), mirrored brackets in RTL runs,
// Arabic letters replaced by their joined presentation forms (U+FB50..U+FEFF, lam-alef
// ligatures), invisible format characters (ZWNJ, ZWJ, LRM/RLM, embeddings, isolates) dropped
// because ImGui would draw them as boxes. Each '\n'-separated line is its own paragraph.
// Text with nothing right-to-left in it comes back unchanged without running the algorithm;
// invalid UTF-8 bytes become U+FFFD.
std::string visual_text(const std::string& logical_utf8);

// True when the first strong character (rule P2/P3: isolates skipped) is right-to-left, i.e. the
// line should be right-aligned.
bool is_rtl_paragraph(const std::string& logical_utf8);

// Memoizes visual_text for the strings a view draws every frame. Bounded: it forgets everything
// once it holds more than max_entries strings, so the returned reference is valid only until the
// next get() call.
class VisualTextCache {
public:
    explicit VisualTextCache(std::size_t max_entries = 20000) : max_entries_(max_entries) {}
    const std::string& get(const std::string& logical);
    std::size_t size() const { return map_.size(); }
    void clear() { map_.clear(); }

private:
    std::size_t max_entries_;
    std::unordered_map<std::string, std::string> map_;
};

// Key for search matching: ASCII lower-cased; Arabic diacritics (U+064B..U+065F, U+0670) and
// tatweel (U+0640) removed; Arabic yeh/alef maksura (U+064A, U+0649) -> Persian yeh (U+06CC),
// Arabic kaf (U+0643) -> Persian keheh (U+06A9); alef with madda or hamza (آ أ إ ٱ) -> alef, ؤ -> و,
// ئ -> ی (people often type them without the hamza); Arabic-Indic and Persian digits -> ASCII
// digits (a query "1405" finds "۱۴۰۵"); ZWNJ (U+200C) removed. Fold both the query and
// the text. Invalid UTF-8 bytes become U+FFFD.
std::string fold_for_search(const std::string& utf8);
// The same, appended to `out` (no string made per call: search indexes every deal's fields).
void append_folded_for_search(std::string& out, const std::string& utf8);

// Whether the bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// past U+10FFFF), as the snapshot reader requires of every string.
bool is_valid_utf8(const char* s, std::size_t n);
// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t cp);
// The code points of a UTF-8 text (invalid bytes become U+FFFD), e.g. to check what a font must draw.
std::u32string code_points(const std::string& utf8);

}  // namespace kariz
