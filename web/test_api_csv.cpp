// The CSV import as the browser tests see it (window.kariz.csv() in web/page/shell.js): which step
// is showing, how far reading got, the column mapping, and the rows that could not be read.
#include <emscripten.h>
#include <cstdio>
#include "i18n.h"
#include "web_host.h"

using namespace kariz;

namespace {

std::string json_string(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') { o += '\\'; o += c; }
        else if (c == '\n') o += "\\n";
        else if ((unsigned char)c < 0x20) o += ' ';
        else o += c;
    }
    return o + "\"";
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* kariz_test_csv() {
    static std::string s;
    const App& a = shell().app;
    if (!a.csv_import) {
        s = "{\"open\":false}";
        return s.c_str();
    }
    const CsvImportState& st = *a.csv_import;
    static const char* steps[] = {"mapping", "reading", "summary"};
    char num[64];
    std::snprintf(num, sizeof num, "%.4f", (double)st.import.fraction());
    s = "{\"open\":true,\"step\":\"" + std::string(steps[(int)st.step]) + "\",\"fraction\":" + num +
        ",\"rows_read\":" + std::to_string(st.import.rows_read) + ",\"accepted\":" + std::to_string(st.import.accepted.size()) +
        ",\"skipped_count\":" + std::to_string(st.import.skipped.size()) + ",\"unsorted\":" + std::to_string(st.unsorted) +
        ",\"pipeline_id\":" + json_string(st.pipeline_id) + ",\"currency\":" + json_string(st.currency) +
        ",\"date_order\":" + std::to_string(st.date_order) + ",\"delimiter\":" + json_string(std::string(1, st.import.delimiter())) +
        ",\"header\":[";
    for (size_t i = 0; i < st.import.header.size(); ++i) s += (i ? "," : "") + json_string(st.import.header[i]);
    s += "],\"mapping\":[";
    for (size_t i = 0; i < st.import.mapping.size(); ++i) s += (i ? "," : "") + json_string(csv_field_label(st.import.mapping[i]));
    s += "],\"skipped\":[";
    for (size_t i = 0; i < st.import.skipped.size() && i < 500; ++i)
        s += std::string(i ? "," : "") + "{\"line\":" + std::to_string(st.import.skipped[i].line) +
             ",\"reason\":" + json_string(tr_plain(st.import.skipped[i].reason)) + "}";  // the words shown
    s += "]}";
    return s.c_str();
}

}  // extern "C"
