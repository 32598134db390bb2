// Importing deals from another CRM's CSV export: read the header, guess what each column is,
// then read the rows a slice at a time into deals ready for the ImportDeals action, listing the
// rows that cannot be read with their line numbers and reasons.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include "csv.h"
#include "csv_fields.h"

namespace kariz {

constexpr size_t kCsvPreviewRecords = 200;  // read at open: the preview, the date order guess

struct CsvImportOptions {
    std::string pipeline_id;         // target; a Pipeline column naming another pipeline wins
    std::string default_currency = "EUR";
    DateOrder date_order = DateOrder::DayFirst;
    std::string fallback_owner_id;   // rows whose owner matches no user (or no Owner column)
};

struct CsvSkippedRow {
    int line = 0;  // physical line in the file where the row starts (1 = the header)
    Text reason;   // "import.skip_..." (the test interface and the English catalogue: "no title")
};

// A field's name on screen: "import.field_title" (csv_field_label stays the English name).
const char* csv_field_key(CsvField f);

// Turns records into deals: stages and owners are matched by name (csv_match_key), unknown
// stages land in the pipeline's first stage (Unsorted). Keeps copies of what it matches against,
// so the workspace may change while a big file is being read.
class CsvDealMapper {
public:
    CsvDealMapper(const Workspace& ws, const std::vector<CsvField>& mapping, size_t header_columns, const CsvImportOptions& opt,
                  Time now);
    // false with a reason when the row cannot be read. The deal has no id yet (ImportDeals gives one).
    bool map(const CsvRecord& rec, Deal& out, Text& reason) const;

private:
    struct PipelineKeys {
        std::string id;
        std::vector<std::string> stage_ids;
        std::unordered_map<std::string, std::string> stages;  // match key -> stage id
    };
    const PipelineKeys* pipeline_for(const std::string& name) const;
    std::vector<CsvField> mapping_;
    size_t columns_;
    CsvImportOptions opt_;
    Time now_;
    std::vector<PipelineKeys> pipelines_;
    std::unordered_map<std::string, size_t> pipeline_by_key_;
    size_t target_ = 0;
    std::unordered_map<std::string, std::string> users_;  // name / initials / email local part -> id
};

class CsvImport {
public:
    // Reads the header and the first records. Fails (with a message) on an empty file or one
    // without a header row.
    bool open(std::string bytes, Text& error);

    std::vector<std::string> header;
    std::vector<CsvField> mapping;   // one per header column; the view lets the user change it
    std::vector<CsvRecord> preview;  // the first records after the header
    char delimiter() const { return reader_.delimiter(); }
    bool had_bom() const { return reader_.had_bom(); }
    size_t bytes_total() const { return reader_.bytes_total(); }
    // Day-first unless a date in a mapped date column of the preview can only be month-first.
    DateOrder guess_date_order() const;

    // Starts (or restarts) reading the rows with the current mapping and options.
    void start(const Workspace& ws, const CsvImportOptions& opt, Time now);
    // Reads up to `max_records` rows or `max_bytes` bytes; true once the whole file is read.
    bool step(size_t max_records, size_t max_bytes);
    bool done() const { return started_ && reader_.at_end(); }
    float fraction() const;  // of the bytes after the header

    std::vector<Deal> accepted;
    std::vector<CsvSkippedRow> skipped;
    size_t rows_read = 0;

private:
    CsvReader reader_;
    size_t body_pos_ = 0;
    int body_line_ = 1;
    bool started_ = false;
    std::unique_ptr<CsvDealMapper> mapper_;
};

// Every deal to be imported passes the same checks as one made in the editor.
bool csv_valid_utf8(const std::string& s);

}  // namespace kariz
