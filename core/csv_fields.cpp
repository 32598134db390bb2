// Header recognition and value parsing for CSV import (core/csv_fields.h).
#include "csv_fields.h"
#include <cstring>
#include <unordered_map>
#include "bidi.h"
#include "dates.h"

namespace kariz {

namespace {

// Decodes one UTF-8 sequence at s[i]; invalid bytes come back as themselves (one byte).
char32_t decode_utf8(const std::string& s, size_t& i) {
    unsigned char c = (unsigned char)s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + (size_t)len > s.size()) { ++i; return c; }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
        unsigned char cc = (unsigned char)s[i + (size_t)k];
        if ((cc & 0xC0) != 0x80) { ++i; return c; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    i += (size_t)len;
    return cp;
}

bool is_space_cp(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x200F || cp == 0x200E || cp == 0xFEFF;
}

// Characters that separate words in headers and names: spaces, ASCII and general punctuation,
// Arabic comma/semicolon/question mark/percent, guillemets.
bool is_separator_cp(char32_t cp) {
    if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
    return is_space_cp(cp) || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x060C || cp == 0x061B || cp == 0x061F ||
           (cp >= 0x066A && cp <= 0x066D) || cp == 0x06D4 || cp == 0xAB || cp == 0xBB || cp == 0xB7;
}

struct KeyTable {
    std::unordered_map<std::string, CsvField> fields;
    std::unordered_map<std::string, DealStatus> statuses;
};

void add_fields(KeyTable& t, CsvField f, std::initializer_list<const char*> names) {
    for (const char* n : names) t.fields.emplace(csv_match_key(n), f);
}
void add_statuses(KeyTable& t, DealStatus s, std::initializer_list<const char*> names) {
    for (const char* n : names) t.statuses.emplace(csv_match_key(n), s);
}

// The header names of the deal exports of Pipedrive ("Deal - Title", "Person - Email"), HubSpot
// ("Deal Name", "Deal Stage", "Close Date", "Deal owner", "Create Date", "Associated Company"),
// Salesforce ("Opportunity Name", "Account Name", "Opportunity Owner", "Close Date", "Stage"),
// Zoho ("Deal Name", "Closing Date", "Account Name", "Reason For Loss"), Odoo ("Opportunity",
// "Customer", "Expected Revenue", "Salesperson", "Expected Closing", "Created on"), Kariz's own
// export, and common Persian and Arabic ones. Keys pass through csv_match_key, as headers do;
// "deal"/"opportunity"/"potential" prefixes are stripped before the second look-up.
const KeyTable& tables() {
    static const KeyTable t = [] {
        KeyTable k;
        add_fields(k, CsvField::Title, {"title", "name", "subject", "deal", "opportunity", "topic", "potential", "عنوان",
                                        "معامله", "نام معامله", "عنوان معامله", "فرصت", "الصفقة", "اسم الصفقة", "العنوان"});
        add_fields(k, CsvField::Value, {"value", "amount", "expected revenue", "revenue", "planned revenue", "price", "total",
                                        "worth", "deal size", "مبلغ", "ارزش", "قیمت", "القيمة", "المبلغ"});
        add_fields(k, CsvField::Currency, {"currency", "currency code", "currency of value", "amount currency", "currency iso code",
                                           "ارز", "واحد پول", "العملة"});
        add_fields(k, CsvField::Pipeline, {"pipeline", "pipeline name", "sales pipeline", "پایپ لاین", "قیف فروش", "خط المبيعات"});
        add_fields(k, CsvField::Stage, {"stage", "sales stage", "pipeline stage", "stage name", "مرحله", "المرحلة"});
        add_fields(k, CsvField::Owner, {"owner", "owner name", "salesperson", "sales person", "sales rep", "assigned to", "user",
                                        "responsible", "deal owner name", "hubspot owner", "مسئول", "فروشنده", "کارشناس فروش",
                                        "المالك", "المسؤول", "مندوب المبيعات"});
        add_fields(k, CsvField::Organization, {"organization", "organisation", "organization name", "organisation name", "company",
                                               "company name", "account", "account name", "customer", "client", "associated company",
                                               "سازمان", "شرکت", "مشتری", "الشركة", "المنظمة", "العميل"});
        add_fields(k, CsvField::Contact, {"contact", "contact person", "contact name", "person", "person name", "primary contact",
                                          "associated contact", "contact full name", "مخاطب", "نام مخاطب", "جهة الاتصال"});
        add_fields(k, CsvField::Email, {"email", "e-mail", "email address", "person email", "contact email", "work email", "mail",
                                        "ایمیل", "پست الکترونیک", "البريد الإلكتروني", "البريد"});
        add_fields(k, CsvField::Phone, {"phone", "phone number", "person phone", "contact phone", "mobile", "mobile phone",
                                        "telephone", "tel", "تلفن", "موبایل", "شماره تماس", "الهاتف", "الجوال"});
        add_fields(k, CsvField::ExpectedClose, {"expected close date", "expected close", "close date", "closing date", "expected closing",
                                                "expected closing date", "deadline", "تاریخ بستن", "تاریخ پیش بینی بستن",
                                                "تاريخ الإغلاق"});
        add_fields(k, CsvField::Created, {"created", "create date", "created date", "created on", "deal created", "created time",
                                          "add time", "creation date", "date created", "created at", "تاریخ ایجاد", "تاريخ الإنشاء"});
        add_fields(k, CsvField::Status, {"status", "deal status", "وضعیت", "الحالة"});
        add_fields(k, CsvField::LostReason, {"lost reason", "reason lost", "loss reason", "closed lost reason", "reason for loss",
                                             "lost reasons", "دلیل از دست رفتن", "دلیل شکست", "سبب الخسارة"});
        add_fields(k, CsvField::Labels, {"label", "labels", "tag", "tags", "برچسب", "برچسب ها", "الوسوم"});
        add_fields(k, CsvField::Notes, {"notes", "note", "description", "internal notes", "یادداشت", "توضیحات", "ملاحظات"});

        add_statuses(k, DealStatus::Open, {"open", "opened", "in progress", "active", "ongoing", "new", "pending", "باز", "فعال",
                                           "جاری", "در جریان", "مفتوح", "مفتوحة", "قيد التنفيذ"});
        add_statuses(k, DealStatus::Won, {"won", "win", "closed won", "success", "successful", "signed", "برنده", "موفق",
                                          "بسته شده", "فوز", "ناجح", "ناجحة", "مكسوب", "رابح"});
        add_statuses(k, DealStatus::Lost, {"lost", "lose", "closed lost", "failed", "dead", "بازنده", "ناموفق", "از دست رفته",
                                           "شکست", "خاسر", "خسارة", "مفقود"});
        add_statuses(k, DealStatus::Disqualified, {"disqualified", "unqualified", "رد صلاحیت", "غیر واجد شرایط", "غير مؤهل"});
        return k;
    }();
    return t;
}

bool starts_with(const std::string& s, const char* prefix) { return s.compare(0, std::strlen(prefix), prefix) == 0; }

}  // namespace

const char* csv_field_label(CsvField f) {
    static const char* labels[] = {"(ignore)", "Title", "Value", "Currency", "Pipeline", "Stage", "Owner", "Organization",
                                   "Contact person", "Email", "Phone", "Expected close date", "Created date", "Status",
                                   "Lost reason", "Labels", "Notes"};
    static_assert(sizeof(labels) / sizeof(labels[0]) == kCsvFieldCount, "one label per field");
    int i = (int)f;
    return i >= 0 && i < kCsvFieldCount ? labels[i] : "(ignore)";
}

std::string csv_match_key(const std::string& s) {
    std::string folded = fold_for_search(s), out;
    for (size_t i = 0; i < folded.size();) {
        char32_t cp = decode_utf8(folded, i);
        if (is_separator_cp(cp)) continue;
        // Arabic alef with hamza or madda match bare alef, teh marbuta matches heh: spellings vary.
        if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622) cp = 0x0627;
        if (cp == 0x0629) cp = 0x0647;
        append_utf8(out, cp);
    }
    return out;
}

std::string csv_header_key(const std::string& header) {
    std::string without;  // "Amount (converted)" -> "Amount ", "Probability (%)" -> "Probability "
    int depth = 0;
    for (char c : header) {
        if (c == '(') ++depth;
        else if (c == ')') depth = depth > 0 ? depth - 1 : 0;
        else if (depth == 0) without += c;
    }
    return csv_match_key(without);
}

CsvField csv_recognise_header(const std::string& header) {
    const auto& fields = tables().fields;
    std::string key = csv_header_key(header);
    for (int pass = 0; pass < 2; ++pass) {
        auto it = fields.find(key);
        if (it != fields.end()) return it->second;
        // Pipedrive's "Person - Email - Work", "Person - Phone - Mobile".
        if (starts_with(key, "personemail") || starts_with(key, "email")) return CsvField::Email;
        if (starts_with(key, "personphone") || starts_with(key, "phone")) return CsvField::Phone;
        bool stripped = false;
        for (const char* prefix : {"deal", "opportunity", "potential"})
            if (!stripped && starts_with(key, prefix) && key.size() > std::strlen(prefix)) {
                key = key.substr(std::strlen(prefix));
                stripped = true;
            }
        if (!stripped) break;
    }
    return CsvField::Ignore;
}

std::vector<CsvField> csv_recognise_headers(const std::vector<std::string>& headers) {
    std::vector<CsvField> out;
    bool taken[kCsvFieldCount] = {};
    for (const std::string& h : headers) {
        CsvField f = csv_recognise_header(h);
        if (f != CsvField::Ignore && taken[(int)f]) f = CsvField::Ignore;
        taken[(int)f] = true;
        out.push_back(f);
    }
    return out;
}

std::string csv_ascii_digits(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if ((unsigned char)s[i] < 0x80) { out += s[i++]; continue; }
        size_t start = i;
        char32_t cp = decode_utf8(s, i);
        if (cp >= 0x0660 && cp <= 0x0669) out += (char)('0' + (cp - 0x0660));
        else if (cp >= 0x06F0 && cp <= 0x06F9) out += (char)('0' + (cp - 0x06F0));
        else if (cp == 0x066B) out += '.';   // Arabic decimal separator
        else if (cp == 0x066C) out += ',';   // Arabic thousands separator
        else out.append(s, start, i - start);
    }
    return out;
}

std::string csv_trim(const std::string& s) {
    size_t a = 0, b = s.size();
    for (;;) {
        size_t i = a;
        if (a < b && is_space_cp(decode_utf8(s, i)) && i <= b) a = i;
        else break;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80) --k;  // start of the last character
        size_t i = k;
        if (is_space_cp(decode_utf8(s, i))) b = k;
        else break;
    }
    return s.substr(a, b - a);
}

bool csv_parse_status(const std::string& text, DealStatus& out) {
    std::string key = csv_match_key(text);
    const auto& st = tables().statuses;
    auto it = st.find(key);
    if (it != st.end()) { out = it->second; return true; }
    // Zoho's "Closed-Lost to Competition", Salesforce's "Closed Won - Renewal".
    if (starts_with(key, "closedwon")) { out = DealStatus::Won; return true; }
    if (starts_with(key, "closedlost")) { out = DealStatus::Lost; return true; }
    return false;
}

}  // namespace kariz
