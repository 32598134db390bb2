// The interface language (README "Languages"): every word the views show comes from the message
// catalogues in assets/i18n/<en|ar|fa>/*.json through these functions, already shaped for drawing
// (core/bidi.h) and with the language's digits. In Arabic and Persian the layout runs right to
// left: the views ask ui_rtl() and use the ui_text* helpers, which right-align.
#pragma once
#include <string>
#include <vector>
#include "messages.h"
#include "model.h"

namespace kariz {

// Reads the catalogues from dir (…/assets/i18n): English now, Arabic and Persian when first used.
// False with a message when a catalogue is broken; English is then still used for whatever could
// be read.
bool i18n_load(const std::string& dir, std::string& error);
bool i18n_set_language(Language lang, std::string& error);
// The whole of a file shipped with the app (the preloaded assets/ folder). False if unreadable.
bool read_asset(const std::string& path, std::string& out);
Language ui_language();
bool ui_rtl();
// Persian users may see dates in the Solar Hijri calendar (stored dates stay Gregorian).
void i18n_set_solar_hijri(bool on);
bool ui_solar_hijri();          // chosen and the language is Persian
bool i18n_solar_hijri_chosen();  // the choice itself, kept while another language is shown

// A message for drawing. The pointer stays valid until the language changes. An unknown key is
// drawn as the key itself and remembered (i18n_missing_keys) so tests catch it.
const char* tr(const char* key);
// A message with arguments: "{0} deals, {1} shown". Numbers are written in the language's digits.
std::string trf(const char* key, const std::vector<TextArg>& args);
// A message with plural forms picked by n ({0} is n unless args say otherwise).
std::string trn(const char* key, int64_t n, const std::vector<TextArg>& args = {});
// Text produced by core (flags, nudges, score terms).
std::string tr_text(const Text& t);
// The same words in logical order, not shaped: for files, the clipboard and the test interface.
std::string tr_plain(const Text& t);
// A widget label whose ImGui id does not change with the language: "shown words###id".
std::string lbl(const char* key, const char* id);
std::vector<std::string> i18n_missing_keys();
// The current language's words for key, in logical order; false (out untouched) when it has none.
// For shipped data that may carry words (templates, frameworks): no key, the data's own words.
bool i18n_find(const std::string& key, std::string& out);
// A language's own name, from its own catalogue ("English", "العربية", "فارسی"), shaped.
std::string language_name(Language l);

// Numbers, money and dates as the chosen language writes them.
std::string num(int64_t n);                                     // grouped, language digits
std::string digits(const std::string& ascii);                   // digits/separators only
std::string money_text(int64_t minor, const std::string& currency, bool whole = false);
std::string date_text(Time t);                                  // a day, in the chosen calendar
std::string date_text(const std::string& iso_date);             // "YYYY-MM-DD" (invalid: as is)
std::string month_name(int month, bool solar_hijri);

// Shaped user text drawn in the layout's direction: right-aligned in the space left when the
// interface is right to left. `shaped` must already be for drawing (tr(), shown()).
void ui_text(const std::string& shaped);
void ui_text_disabled(const std::string& shaped);
void ui_text_coloured(unsigned colour, const std::string& shaped);
// Logical user text, word-wrapped to the window, each line shaped on its own and aligned by the
// layout (or by its own direction in a left-to-right layout).
void ui_text_wrapped(const std::string& logical);
// A long interface sentence (a report's note, a hint) wrapped to the window, aligned by the layout.
void ui_paragraph(const Text& t);
// Logical text wrapped to width, each line shaped: the string ImGui should draw.
std::string wrapped_visual(const std::string& logical, float width);
// Puts the cursor so an item of this width ends at the right edge in a right-to-left layout.
void ui_align_for(float width);

}  // namespace kariz
