// Display shaping of right-to-left text (core/bidi.h): Unicode's own bidi conformance cases, then
// Persian/Arabic sentences whose expected visual strings were produced by Debian's `fribidi` tool
// (libfribidi-bin, not needed here) and checked by hand: words reversed, numbers and Latin words
// left to right, letters in joined presentation forms. Expectations are escapes on purpose:
// presentation forms look the same as the letters they replace.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "bidi.h"

using namespace kariz;

namespace {

std::string u8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) append_utf8(out, c);
    return out;
}

// Characters visual_text drops after reordering (see bidi.cpp): the conformance data keeps some.
bool dropped(char32_t c) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) ||
           c == 0x061C || c == 0xFEFF;
}

char32_t mirrored(char32_t c) {  // the mirrored pairs that occur in BidiCharacterTest.txt
    switch (c) {
        case '(': return ')';  case ')': return '(';
        case '[': return ']';  case ']': return '[';
        case '{': return '}';  case '}': return '{';
        case 0x2329: return 0x232A;  case 0x232A: return 0x2329;
        case 0x3008: return 0x3009;  case 0x3009: return 0x3008;
        default: return c;
    }
}

}  // namespace

TEST_CASE("bidi: Unicode BidiCharacterTest.txt conformance (reordering, brackets, isolates)") {
    // Each line: code points; paragraph direction (0 LTR, 1 RTL, 2 auto); resolved paragraph
    // level; levels; visual order as logical indices (X9-removed characters left out).
    // visual_text always detects the direction, so a forced direction is given by a leading
    // LRM/RLM, a strong character that sets the same paragraph level and is dropped on output.
    // Skipped: lines whose Arabic letters we shape (the data expects them unshaped), lines with
    // combining marks (we keep marks after their base, rule L3, which the data leaves out), and
    // the soft hyphen (a BN we do not drop).
    std::ifstream in(KARIZ_BIDI_CONFORMANCE);
    REQUIRE(in.good());
    std::string line;
    int checked = 0, failed = 0, auto_dir = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ls(line);
        for (std::string part; std::getline(ls, part, ';');) f.push_back(part);
        if (f.size() != 5) {
            FAIL_CHECK("malformed conformance line: " << line);
            continue;
        }
        std::u32string cps;
        std::stringstream cs(f[0]);
        for (std::string hex; cs >> hex;) cps += static_cast<char32_t>(std::stoul(hex, nullptr, 16));
        bool skip = false;
        for (char32_t c : cps)
            skip |= (c >= 0x0600 && c <= 0x06FF && c != 0x061C && !(c >= 0x0660 && c <= 0x0669) &&
                     !(c >= 0x06F0 && c <= 0x06F9)) ||
                    (c >= 0x0300 && c <= 0x036F) || c == 0x00AD;
        if (skip) continue;
        std::vector<std::string> levels;
        std::stringstream lv(f[3]);
        for (std::string l; lv >> l;) levels.push_back(l);
        std::u32string expected;
        std::stringstream order(f[4]);
        for (int idx; order >> idx;) {
            const char32_t c = (std::stoi(levels[idx]) % 2) ? mirrored(cps[idx]) : cps[idx];
            if (!dropped(c)) expected += c;
        }
        std::u32string input = cps;
        if (f[1] == "0") input.insert(input.begin(), U'\u200E');
        if (f[1] == "1") input.insert(input.begin(), U'\u200F');
        const std::string got = visual_text(u8(input));
        bool ok = got == u8(expected);
        if (f[1] == "2") {
            ++auto_dir;
            ok = ok && is_rtl_paragraph(u8(cps)) == (f[2] == "1");
        }
        if (!ok && ++failed <= 5) FAIL_CHECK("conformance line: " << line << "\n got: " << got);
        ++checked;
    }
    MESSAGE("checked " << checked << " conformance lines (" << auto_dir << " with auto direction)");
    CHECK(failed == 0);
    CHECK(checked > 90000);
    CHECK(auto_dir > 20);
}

TEST_CASE("bidi: lam-alef ligatures") {
    CHECK(visual_text("لا") == u8(U"\uFEFB"));                 // isolated lam-alef
    CHECK(visual_text("سلام") == u8(U"\uFEE1\uFEFC\uFEB3"));   // meem, lam-alef final, seen initial
    CHECK(visual_text("لأ") == u8(U"\uFEF7"));                 // lam with alef hamza above
    CHECK(visual_text("إلا") == u8(U"\uFEFB\uFE87"));           // alef hamza below does not join left
}

TEST_CASE("bidi: Persian letters in isolated, initial, medial and final forms") {
    struct Forms { const char* letter; char32_t iso, fin, ini, med; };
    const Forms letters[] = {
        {"پ", 0xFB56, 0xFB57, 0xFB58, 0xFB59}, {"چ", 0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
        {"گ", 0xFB92, 0xFB93, 0xFB94, 0xFB95}, {"ک", 0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
        {"ی", 0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
    };
    // Next to seen (س, joins both ways: FEB1 isolated, FEB2 final, FEB3 initial); visual order
    // puts the logically later letter on the left.
    const std::string seen = "س";
    for (const Forms& f : letters) {
        const std::string x = f.letter;
        CAPTURE(x);
        CHECK(visual_text(x) == u8({f.iso}));
        CHECK(visual_text(x + seen) == u8({0xFEB2, f.ini}));
        CHECK(visual_text(seen + x + seen) == u8({0xFEB2, f.med, 0xFEB3}));
        CHECK(visual_text(seen + x) == u8({f.fin, 0xFEB3}));
    }
    // Jeh joins only to the letter before it: it has no initial or medial form.
    CHECK(visual_text("ژ") == u8(U"\uFB8A"));
    CHECK(visual_text("ژس") == u8(U"\uFEB1\uFB8A"));
    CHECK(visual_text("سژس") == u8(U"\uFEB1\uFB8B\uFEB3"));
    CHECK(visual_text("پچژگکی") == u8(U"\uFBFD\uFB91\uFB94\uFB8B\uFB7D\uFB58"));
}

TEST_CASE("bidi: sentences of the seed articles, with numbers and Latin words kept left to right") {
    // "Reading time 5 minutes" (Persian).
    CHECK(visual_text("زمان خواندن 5 دقیقه") ==
          u8(U"\uFEEA\uFED8\uFBFF\uFED7\uFEA9 5 \uFEE5\uFEAA\uFEE7\uFE8D\uFEEE\uFEA7 \uFEE5\uFE8E\uFEE3\uFEAF"));
    // Final full stop of an RTL sentence goes to the left end.
    CHECK(visual_text("لدي اخبار سيئة.") ==
          u8(U".\uFE94\uFE8C\uFEF4\uFEB3 \uFEAD\uFE8E\uFE92\uFEA7\uFE8D \uFEF1\uFEAA\uFEDF"));
    // Latin brand name inside Arabic.
    CHECK(visual_text("يمنحك LeadFuze جميع البيانات") ==
          u8(U"\uFE95\uFE8E\uFEE7\uFE8E\uFEF4\uFE92\uFEDF\uFE8D \uFECA\uFEF4\uFEE4\uFE9F LeadFuze "
             U"\uFEDA\uFEA4\uFEE8\uFEE4\uFEF3"));
    // Latin word with a digit at the end of an RTL sentence: the full stop still ends up leftmost.
    CHECK(visual_text("إنه جزء مهم من عملية مبيعات B2B.") ==
          u8(U".B2B \uFE95\uFE8E\uFECC\uFEF4\uFE92\uFEE3 \uFE94\uFEF4\uFEE0\uFEE4\uFECB \uFEE6\uFEE3 \uFEE2\uFEEC\uFEE3 "
             U"\u0621\uFEB0\uFE9F \uFEEA\uFEE7\uFE87"));
    // After Arabic letters digits are Arabic numbers (rule W2) and '-' does not hold them
    // together, so the date's parts run right to left, as in browsers.
    CHECK(visual_text("نشرت: 2022-04-10") == u8(U"10-04-2022 :\uFE95\uFEAE\uFEB8\uFEE7"));
    // ':' does hold a time together; brackets are mirrored.
    CHECK(visual_text("جلسه با Acme در ساعت 10:30 (مهم)") ==
          u8(U"(\uFEE2\uFEEC\uFEE3) 10:30 \uFE96\uFECB\uFE8E\uFEB3 \uFEAD\uFEA9 Acme \uFE8E\uFE91 \uFEEA\uFEB4\uFEE0\uFE9F"));
    // Persian digits keep their order too.
    CHECK(visual_text("قیمت ۱۲۰ میلیون تومان") ==
          u8(U"\uFEE5\uFE8E\uFEE3\uFEEE\uFE97 \uFEE5\uFEEE\uFBFF\uFEE0\uFBFF\uFEE3 \u06F1\u06F2\u06F0 \uFE96\uFEE4\uFBFF\uFED7"));
    // ZWNJ breaks the joining (yeh final, khah initial) and is not drawn.
    CHECK(visual_text("می\u200Cخواهم") == u8(U"\uFEE2\uFEEB\uFE8D\uFEEE\uFEA7\uFBFD\uFEE3"));
}

TEST_CASE("bidi: left-to-right and mixed-direction text") {
    for (const std::string s : {"", "Acme GmbH", "Renewal Q3 (2024) - 15,000 EUR", "Café Ümlaut naïve", "日本語 テスト",
                                "tab\tand\nnewline"})
        CHECK(visual_text(s) == s);
    // LTR paragraph: the Persian run is reversed in place, the number after it belongs to it.
    CHECK(visual_text("Deal with شرکت پارس 2024") ==
          u8(U"Deal with 2024 \uFEB1\uFEAD\uFE8E\uFB58 \uFE96\uFB90\uFEAE\uFEB7"));
    CHECK(visual_text("Acme: سلام!") == u8(U"Acme: \uFEE1\uFEFC\uFEB3!"));
    // Each line is its own paragraph with its own direction.
    CHECK(visual_text("سلام\nHello لا") == u8(U"\uFEE1\uFEFC\uFEB3\nHello \uFEFB"));
    // Hebrew is reordered too (no shaping there).
    CHECK(visual_text("שלום world") == u8(U"world \u05DD\u05D5\u05DC\u05E9"));
}

TEST_CASE("bidi: invalid UTF-8 becomes U+FFFD and never crashes") {
    CHECK(visual_text("\xFF") == u8(U"\uFFFD"));
    CHECK(visual_text("abc\xC3") == u8(U"abc\uFFFD"));              // cut-off sequence
    CHECK(visual_text("\xE2\x82x") == u8(U"\uFFFDx"));              // one U+FFFD for the cut-off prefix
    CHECK(visual_text("\xC0\xAF") == u8(U"\uFFFD\uFFFD"));          // overlong '/'
    CHECK(visual_text("\xED\xA0\x80") == u8(U"\uFFFD\uFFFD\uFFFD"));  // UTF-16 surrogate
    CHECK(visual_text("\xF4\x90\x80\x80") == u8(U"\uFFFD\uFFFD\uFFFD\uFFFD"));  // past U+10FFFF
    CHECK(visual_text("سلام\xFF") == u8(U"\uFFFD\uFEE1\uFEFC\uFEB3"));
    CHECK(std::string(visual_text(std::string("\xD8", 1))) == u8(U"\uFFFD"));  // lone Arabic lead byte
    CHECK_FALSE(is_rtl_paragraph("\xFF\xFE"));
    CHECK(fold_for_search("A\xFF") == u8(U"a\uFFFD"));
    std::string noise;  // every byte value, in all positions: must not crash or loop
    for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919 + i / 256) & 0xFF);
    CHECK_FALSE(visual_text(noise).empty());
}

TEST_CASE("bidi: is_rtl_paragraph follows the first strong character") {
    CHECK(is_rtl_paragraph("سلام Acme"));
    CHECK(is_rtl_paragraph("123 - پارس"));
    CHECK(is_rtl_paragraph("שלום"));
    CHECK_FALSE(is_rtl_paragraph("Acme سلام"));
    CHECK_FALSE(is_rtl_paragraph(""));
    CHECK_FALSE(is_rtl_paragraph("123 ۴۵"));
    CHECK_FALSE(is_rtl_paragraph("Plain ASCII"));
    // Text inside isolates does not count (rule P2).
    CHECK(is_rtl_paragraph(u8(U"\u2066Acme\u2069 \u0633\u0644\u0627\u0645")));
    CHECK_FALSE(is_rtl_paragraph(u8(U"\u2067\u0633\u0644\u0627\u0645\u2069 Acme")));
}

TEST_CASE("bidi: VisualTextCache memoizes and stays bounded") {
    VisualTextCache cache(3);
    CHECK(cache.get("سلام") == visual_text("سلام"));
    CHECK(cache.get("Acme") == "Acme");
    CHECK(&cache.get("سلام") == &cache.get("سلام"));  // a hit returns the stored string
    CHECK(cache.size() == 2);
    cache.get("a");
    CHECK(cache.size() == 3);
    CHECK(cache.get("لا") == u8(U"\uFEFB"));  // a fourth string: the cache starts over
    CHECK(cache.size() == 1);
    VisualTextCache big;
    for (int i = 0; i < 25000; ++i) big.get("معامله " + std::to_string(i));
    CHECK(big.size() <= 20000);
    CHECK(big.get("معامله 7") == visual_text("معامله 7"));
}

TEST_CASE("bidi: fold_for_search") {
    CHECK(fold_for_search("") == "");
    CHECK(fold_for_search("Acme GmbH") == "acme gmbh");
    CHECK(fold_for_search("Ümlaut") == "Ümlaut");  // only ASCII is lower-cased
    CHECK(fold_for_search("كريم") == "کریم");        // Arabic kaf and yeh -> Persian
    CHECK(fold_for_search("مصطفى") == "مصطفی");      // alef maksura -> Persian yeh
    CHECK(fold_for_search("عَلِيٌّ") == "علی");         // harakat removed
    CHECK(fold_for_search("رحمٰن") == "رحمن");         // superscript alef removed
    CHECK(fold_for_search("فـــروش") == "فروش");      // tatweel removed
    CHECK(fold_for_search("می\u200Cخواهم") == "میخواهم");  // ZWNJ removed
    CHECK(fold_for_search("B2B شركة") == "b2b شرکة");
    // A Persian query finds Arabic-spelled, vowelled text and the other way round.
    const std::string text = fold_for_search("عقد مع شركة كِيان للتكنولوجيا");
    CHECK(text.find(fold_for_search("کیان")) != std::string::npos);
    CHECK(fold_for_search("پیشنهاد یک").find(fold_for_search("يك")) != std::string::npos);
    // Hamza and madda forms of alef, waw and yeh match the plain letters; digits match across scripts.
    CHECK(fold_for_search("أحمد") == fold_for_search("احمد"));
    CHECK(fold_for_search("إيران") == fold_for_search("ايران"));
    CHECK(fold_for_search("آبان") == "ابان");
    CHECK(fold_for_search("مسؤول") == "مسوول");
    CHECK(fold_for_search("قراءة جزئية").find("جزییة") != std::string::npos);
    CHECK(fold_for_search("قرارداد ۱۴۰۵") == "قرارداد 1405");
    CHECK(fold_for_search("عقد ٢٠٢٦") == "عقد 2026");
    // Appending keeps what was there, for ASCII and for text that needs the full folding.
    std::string out = "Kept\n";
    append_folded_for_search(out, "Acme GmbH");
    append_folded_for_search(out, "B2B شركة");
    CHECK(out == "Kept\nacme gmbhb2b شرکة");
}
