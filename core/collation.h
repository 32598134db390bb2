// Alphabetical order for names and titles in English, Arabic and Persian. Byte order of UTF-8
// puts the Persian letters پ چ ژ گ after every Arabic letter (they were added to Unicode later)
// and separates ي/ی and ك/ک; people expect پ after ب, چ after ج, ژ after ز, گ after ک.
#pragma once
#include <string>
#include "messages.h"

namespace kariz {

// A key whose byte order is the alphabetical order of the text: folded as search folds it
// (case, diacritics, Arabic/Persian letter variants, digits), Latin before Arabic script, Arabic
// script in the Persian alphabet (ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی).
// Arabic puts ه before و; that is the one difference `lang` makes.
std::string collation_key(const std::string& utf8, Language lang);

}  // namespace kariz
