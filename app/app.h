// The Kariz interface: reads the Store and emits actions; everything it needs from the browser
// comes through Host. One App value holds all view state so the frame function stays flat.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include "board.h"
#include "csv_import.h"
#include "flags.h"
#include "qualification.h"
#include "roles.h"
#include "host.h"
#include "messages.h"
#include "nudges.h"
#include "scoring.h"
#include "report_csv.h"
#include "merge.h"
#include "snapshot.h"
#include "store.h"

namespace kariz {

struct DealDraft {
    bool open = false;            // the editor pop-up is showing
    bool just_opened = false;
    std::string deal_id;          // empty: a new deal
    DealFields fields;
    std::string value_text;       // as typed; parsed into minor units on save
    std::string labels_text;      // comma separated
    std::string pipeline_id, stage_id;
    std::string lost_reason;
    std::string error;
    // Activities tab (app/deal_tabs.cpp)
    int activity_kind = 1;        // ActivityKind
    bool activity_outgoing = true;
    bool activity_answered = false;
    std::string activity_note;
    int next_kind = 0;
    std::string next_date, next_time = "10:00", next_note;
    // Disqualify (app/deal_tabs.cpp)
    int dq_reason = 0;            // index into kDqReasons
    std::string dq_note;
};

// A drop past unmet exit criteria waits for a written justification (or a cancel).
struct PendingMove {
    std::string deal_id, pipeline_id, stage_id;
    std::vector<ExitCheck> missing;
    std::string justification;
};

struct PendingImport {
    std::shared_ptr<Workspace> workspace;
    SnapshotSummary summary;
    std::string file_name;
    // The merge preview (app/merge_view.cpp): recomputed when a choice changes.
    std::shared_ptr<MergeResult> merge{};
    MergeChoices choices{};
    int64_t merge_counter = 0;                 // the revision a resolved conflict gets
    std::vector<std::pair<int, int>> rows{};   // (item, conflict or -1) per list row
};

// Lead scores of the cards drawn, kept until the workspace or the clock's minute changes: only
// visible cards are ever scored, once per change, never every frame (app/score_views.cpp).
struct ScoreCache {
    uint64_t revision = 0;
    Time minute = -1;
    std::unordered_map<std::string, DealScore> by_id;
};

// Cards picked on the board with Ctrl/Cmd+click or Shift+click (app/bulk_bar.cpp). The ONE place
// the selection lives; read it through selected_deal_ids() (bulk bar, exports of "the selected cards").
struct CardSelection {
    std::vector<std::string> ids;  // in the order they were picked
    std::string anchor_id;         // where a Shift+click range starts
};

// A CSV file being imported (app/csv_import_view.cpp): columns, then reading a slice per frame,
// then the summary with the rows that could not be read.
enum class CsvStep { Mapping, Reading, Summary };
struct CsvImportState {
    std::string file_name;
    CsvImport import;
    CsvStep step = CsvStep::Mapping;
    std::string pipeline_id;
    std::string currency;         // default currency, as typed
    int date_order = 0;           // DateOrder
    // The preview as the rows will be read, rebuilt when the mapping or an option changes.
    std::vector<Deal> preview_deals;
    std::vector<std::string> preview_errors;  // per preview row: empty when it reads
    std::string preview_key;
    size_t unsorted = 0, closed = 0;  // of the accepted deals, counted once reading ends
};

struct App {
    Store store;
    // Shipped pipeline templates and qualification frameworks, as read from assets/ (English) and
    // in the interface language (localize_assets, app/language_view.cpp): views use the latter.
    std::vector<PipelineTemplate> templates_source, templates;
    std::vector<Framework> frameworks_source, frameworks;
    std::string sample_text;      // assets/sample.json, loaded by the shell

    // Board view state (not part of the workspace: not undoable, not exported).
    std::string pipeline_id;
    std::string search;
    StatusFilter status_filter = StatusFilter::Open;
    CardOrder card_order = CardOrder::NewestInStage;  // the toolbar's "Sort" choice
    Board board_all;              // sorted columns and totals, updated when the workspace changes
    Board board;                  // board_all filtered by the search text
    BoardQuery board_query;
    uint64_t board_revision = 0;
    std::string board_search;
    std::string board_rtl_scrolled;  // pipeline/columns the right-to-left board was scrolled to its right end for

    DealDraft draft;
    bool stage_editor_open = false;
    std::string new_stage_name;
    int delete_stage_index = -1;  // stage whose "move its deals to" pop-up is open
    int delete_stage_target = 0;
    int template_choice = 0;

    std::unique_ptr<PendingImport> pending_import;
    std::unique_ptr<PendingMove> pending_move;
    std::string follow_up_deal_id;  // just entered a presentation stage: suggest a follow-up
    bool attention_open = false, nurture_open = false, my_day_open = false, settings_open = false;
    std::string import_error;     // shown in a modal; the board is untouched
    std::string action_error;     // a refused action, shown as a banner
    std::string storage_status;   // "storage.saved", "storage.saving": catalogue keys, set by the shell
    std::string storage_error;    // visible until the next successful save
    bool storage_ready = false;   // the shell finished loading what was stored
    float ui_scale = 1.0f;
    // Lead scoring, funnel nudges, the cost of bad deals (app/score_views.cpp).
    ScoreCache scores;
    std::vector<Nudge> nudges;
    uint64_t nudges_revision = 0;
    std::string nudges_pipeline;
    bool cost_open = false;
    bool reports_open = false;    // the Reports window (app/reports_view.cpp), managers only

    // Roles (app/users_view.cpp, app/bulk_bar.cpp). Who uses the board is a choice of this device,
    // not team data: it is kept by the shell (Host::remember_current_user), never in snapshots.
    std::string me_id;
    std::vector<std::string> seller_filter;  // a manager's choice of sellers on the board (empty: all)
    CardSelection selection;
    uint64_t view_epoch = 0;                 // bumped when who-am-I or the filter changes: lists rebuild
    bool team_open = false, team_remove_open = false;
    std::string team_remove_id, team_remove_to, team_new_name, bulk_label;
    int team_new_role = 0;
    std::unique_ptr<CsvImportState> csv_import;  // app/csv_import_view.cpp
};

void app_frame(App& app, Host& host);
// An amount as the user types it: "1234.50", no grouping, no currency code (app/deal_editor.cpp).
std::string money_input_text(int64_t minor, const std::string& currency);
// Colours and sizes at a UI scale (the device pixel ratio); call again when it changes.
void app_setup_style(float scale);
// Replaces ImGui's fonts with the interface font at a UI scale, from the font file's bytes (kept
// by the caller until the atlas is built); ImGui's own font if they are empty or unreadable.
void app_add_font(float scale, const std::string& font_bytes);
// What the atlas app_add_font builds depends on (font_atlas.h); empty when it is not worth keeping.
std::string app_font_atlas_key(float scale, const std::string& font_bytes);

// The shell hands over a chosen file's text; the app validates it and asks for confirmation.
void app_offer_import(App& app, const std::string& file_name, const std::string& text);
// Dispatches and reports a refused action in the banner.
bool app_dispatch(App& app, Host& host, const Action& action);
void app_load_sample(App& app, Host& host);
void app_start_empty(App& app, Host& host);
void app_replace_workspace(App& app, Host& host, Workspace ws, const char* label);
// Import preview and exports (app/merge_view.cpp).
void merge_preview(App& app, Host& host);  // inside the "Import snapshot" modal
void export_snapshot_scope(App& app, Host& host, const ExportScope& scope);
void export_menu_items(App& app, Host& host);

// CSV (app/csv_import_view.cpp): the shell hands over a chosen file's bytes; the view maps its
// columns, reads it a slice per frame and imports the readable rows in one undoable step.
void app_offer_csv(App& app, Host& host, const std::string& file_name, std::string bytes);
void csv_views(App& app, Host& host);
void csv_menu(App& app, Host& host);  // the "CSV" menu of the menu bar
// The positions in ws.deals of what the board shows (pipeline, status filter, search), in board order.
std::vector<uint32_t> board_deal_positions(const App& app);

// Views, one file each.
void board_view(App& app, Host& host);
void deal_editor(App& app, Host& host);
void deal_editor_open_new(App& app, Host& host);
void deal_editor_open(App& app, const Deal& deal);
void stage_editor(App& app, Host& host);
// The deal editor's selling-method tabs (app/deal_tabs.cpp).
void deal_qualification_tab(App& app, Host& host, const Deal& deal);
void deal_activities_tab(App& app, Host& host, const Deal& deal);
void deal_disqualify_section(App& app, Host& host, const Deal& deal);
// A flag's rule in words, with the list of what is not known yet (app/deal_tabs.cpp).
std::string flag_rule_text(const Flag& f);
// Moves a deal as a drop or the editor does: warns about unmet exit criteria first.
void request_move(App& app, Host& host, const Deal& deal, const std::string& pipeline_id, const std::string& stage_id);
// Lists of the selling method (app/selling_views.cpp).
void selling_views(App& app, Host& host);
// The goodbye email for a deal: the team's template, else the built-in one in the interface language.
std::string goodbye_email(const App& app, const Deal& d);

// Lead scoring (app/score_views.cpp): the card's score pill and quality labels (each returns the x
// where the text at its left must end), the funnel nudges above the board, the editor's Fit & score
// tab and quality-label toggles, Settings tabs, the cost calculator, a flagged deal's cost so far.
const DealScore& cached_score(App& app, const Deal& d, Time now);
float card_score_pill(App& app, const Deal& d, Time now, float right, float y);
float card_quality_labels(App& app, const Deal& d, float right, float y);
void funnel_nudges_bar(App& app);
void deal_fit_tab(App& app, Host& host, const Deal& deal);
void quality_label_toggles(App& app);
void scoring_settings_tabs(App& app, Host& host);
void cost_calculator(App& app, Host& host);
void deal_cost_line(App& app, const Deal& d, Time now);
// The exit-criteria warning; inside the deal editor when the editor's stage picker asked for it.
void move_warning(App& app, Host& host);
// Reports (app/reports_view.cpp): shown to managers (or when no current user is chosen).
void reports_view(App& app, Host& host);
bool reports_allowed(const App& app);
// The report table the Reports window shows (test interface); null when no report tab is showing.
const ReportTable* reports_shown(std::string& slug);
// Roles (app/users_view.cpp): the current user, what they see, the who-am-I bar, the team in Settings.
const User* app_current_user(const App& app);
Viewer app_viewer(const App& app);
bool app_deal_visible(const App& app, const Deal& d);
void app_set_current_user(App& app, Host& host, const std::string& user_id);
void roles_bar(App& app, Host& host);
void card_order_combo(App& app);             // the board's "Sort" (app/app.cpp), drawn in roles_bar's row        // who-am-I switch, seller filter, bulk bar
void team_settings(App& app, Host& host);    // the way to the Team window, inside Settings
void team_window(App& app, Host& host);      // users and the owner rule
uint32_t user_chip_colour(const User& u);    // the user's colour, or one picked from the id
// Owner rule on a snapshot about to replace the board (core/assignment.h).
void apply_owner_rule_to_import(const App& app, Workspace& incoming);
// Selection (app/bulk_bar.cpp).
const std::vector<std::string>& selected_deal_ids(const App& app);
bool card_selected(const App& app, const std::string& deal_id);
bool selection_click(App& app, const Deal& d);  // Ctrl/Cmd/Shift+click handled: true
void selection_prune(App& app);                 // drops cards no longer on this board view
void bulk_bar(App& app, Host& host);

// Interface language (app/language_view.cpp, app/i18n.h): a choice of this device.
void app_set_language(App& app, Host& host, Language lang, bool solar_hijri);
void language_settings_tab(App& app, Host& host);  // inside Settings' tab bar
void localize_assets(App& app);  // templates and frameworks in the interface language

// Small shared drawing helpers.
// The items of one row, left to right, or right to left ending at the right edge in Arabic and
// Persian (app/app.cpp). `menu_bar`: inside a menu bar, which lays items out itself.
void layout_row(const char* id, bool menu_bar, const std::vector<std::function<void()>>& items);
bool named_button(const char* label, const std::string& rect_name, float width = 0);
// User text as drawn: Arabic and Persian shaped and in visual order (cached); the stored text
// is never changed. The reference is valid until the next call.
const std::string& shown(const std::string& logical);
uint32_t user_colour(const std::string& user_id);
std::string money_line(const MoneyByCurrency& m, size_t max_items, bool whole);

}  // namespace kariz
