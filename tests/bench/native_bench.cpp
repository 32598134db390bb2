// Native micro-benchmark of the Kariz core (no browser, no ImGui): how long the operations the
// board runs on a deal store take at 1,000 / 10,000 / 100,000 deals.
//
//   kariz_native_bench [--json FILE] [SIZE ...]      (default sizes: 1000 10000 100000)
//
// Figures are medians over several repetitions, in milliseconds. Because this machine may be
// noisy, the last column divides each figure of the largest size by a baseline that only walks
// the deals (sum of values): that ratio stays comparable between machines and runs.
// The workspace is built in C++ with a fixed generator, shaped like tests/e2e/workspace-gen.mjs
// (same titles, organisations, id pattern, 3/4 of the deals in the first pipeline).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include "board.h"
#include "deal_record.h"
#include "report_csv.h"
#include "dates.h"
#include "snapshot.h"
#include "store.h"

using namespace kariz;

namespace {

volatile size_t g_sink;  // results go here so the optimiser cannot drop the timed work

const char* kWords[] = {"CRM rollout", "Support renewal", "Network upgrade", "Licence expansion", "Consulting retainer",
                        "Data migration", "Security audit", "Hardware refresh", "قرارداد پشتیبانی", "توريد أجهزة"};
const char* kOrgs[] = {"Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "شرکت پارس", "مجموعة الخليج", "Adatum"};
const char* kCurrencies[] = {"EUR", "USD", "AED", "SAR", "EUR", "USD"};
const Time kNow = 1795132800;  // 2026-11-20T00:00:00Z, as the JS generator

// Same linear congruential generator as the JS one: the same n always gives the same workspace.
struct Lcg {
    uint32_t s;
    double operator()() { s = s * 1664525u + 1013904223u; return s / 4294967296.0; }
};

Pipeline make_pipeline(const std::string& id, const std::string& name, std::vector<std::pair<std::string, int>> stages) {
    Pipeline p;
    p.id = id;
    p.name = name;
    for (auto& [sid, prob] : stages) {
        Stage s;  // member by member: the model grows fields, aggregate init would warn
        s.id = s.name = sid;
        s.probability = prob;
        s.rotting_days = 14;
        p.stages.push_back(s);
    }
    return p;
}

Workspace make_workspace(size_t n) {
    Workspace ws;
    for (int u = 0; u < 6; ++u) {
        std::string id = "u-" + std::to_string(u);
        User user;
        user.id = id;
        user.name = "User " + std::to_string(u);
        user.initials = "U" + std::to_string(u);
        user.role = u ? Role::Seller : Role::Manager;
        ws.users.push_back(user);
    }
    ws.settings.current_user_id = "u-0";
    ws.pipelines = {
        make_pipeline("pl-sales", "Sales", {{"s-unsorted", 0}, {"s-lead", 10}, {"s-call", 20}, {"s-meeting", 40}, {"s-followup", 60}, {"s-close", 80}}),
        make_pipeline("pl-partners", "Partnerships",
                      {{"p-unsorted", 0}, {"p-opportunity", 10}, {"p-proposal", 25}, {"p-documents", 50}, {"p-signing", 75}, {"p-execution", 90}}),
        make_pipeline("pl-renewals", "Renewals", {{"r-unsorted", 0}, {"r-due", 50}, {"r-quoted", 80}, {"r-signed", 95}}),
    };
    Lcg rand{(uint32_t)n};
    ws.deals.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const Pipeline& p = ws.pipelines[i % 4 != 3 ? 0 : (i % 8 == 7 ? 2 : 1)];
        size_t depth = 1 + (size_t)(rand() * (double)(p.stages.size() - 1));
        Deal d;
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zx", i + 1);
        d.id = id;
        d.title = std::string(kWords[i % 10]) + " #" + std::to_string(i);
        d.organization = kOrgs[(i * 7) % 8];
        d.contact.name = "Contact " + std::to_string(i);
        d.contact.email = "c" + std::to_string(i) + "@example.com";
        d.contact.phone = "+1 555 " + std::to_string(i);
        d.value = (int64_t)(rand() * 5000000);
        d.currency = kCurrencies[i % 6];
        d.owner_id = ws.users[i % ws.users.size()].id;
        d.pipeline_id = p.id;
        d.source = i % 3 ? DealSource::Inbound : DealSource::Outbound;
        d.labels = i % 5 ? std::vector<std::string>{"warm"} : std::vector<std::string>{"hot", "enterprise"};
        d.expected_close = "2027-01-15";
        Time t = kNow - (Time)(rand() * 200 * 86400) - 86400 * (Time)depth;
        d.created_at = t;
        for (size_t k = 0; k <= depth; ++k) {  // a history through every stage up to the current one
            Time left = k == depth ? 0 : t + (Time)(rand() * 10 * 86400) + 3600;
            StageVisit v;
            v.stage_id = p.stages[k].id;
            v.entered = t;
            v.left = left;
            d.history.push_back(v);
            if (left) t = left;
        }
        d.stage_id = p.stages[depth].id;
        d.updated_at = d.stage_entered_at = t;
        double r = rand();
        d.status = r < 0.08 ? DealStatus::Won : r < 0.15 ? DealStatus::Lost : DealStatus::Open;
        if (d.status != DealStatus::Open) d.closed_at = t;
        if (d.status == DealStatus::Lost) d.lost_reason = "No budget";
        ws.deals.push_back(std::move(d));
    }
    ws.rebuild_index();
    return ws;
}

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Median of `reps` timed runs of `f`; `setup` (untimed) runs before each.
double median_ms(int reps, const std::function<void()>& f, const std::function<void()>& setup = nullptr) {
    std::vector<double> t;
    for (int r = 0; r < reps; ++r) {
        if (setup) setup();
        double t0 = now_ms();
        f();
        t.push_back(now_ms() - t0);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

struct Row {
    std::string name;
    std::vector<double> ms;  // one per size
};

// One size: the figures in the order of `names` in main().
std::vector<double> run_size(size_t n, size_t* snapshot_bytes) {
    Workspace ws = make_workspace(n);
    // Repetitions: many for the cheap operations, fewer where one run already takes long.
    const int reps = n >= 100000 ? 21 : 51, heavy = n >= 100000 ? 5 : 15;
    std::vector<double> out;
    BoardQuery q;
    q.pipeline_id = "pl-sales";
    q.status = StatusFilter::Open;

    out.push_back(median_ms(reps, [&] {
        int64_t sum = 0;
        for (const Deal& d : ws.deals) sum += d.value;
        g_sink = (size_t)sum;
    }));

    // Move + undo through the Store: the path of a drag-and-drop (reduce, apply, undo record).
    Store store;
    store.load(ws);
    const std::vector<std::string> stages = {"s-lead", "s-call", "s-meeting", "s-followup"};
    size_t k = 0;
    std::string id;
    auto pick = [&] {  // a different deal of the sales pipeline each time, moved to a stage it is not in
        do id = ws.deals[(k++ * 7919) % n].id; while (store.ws().find_deal(id)->pipeline_id != "pl-sales");
        store.take_dirty();
    };
    std::vector<double> move_t, undo_t;
    for (int r = 0; r < 201; ++r) {
        pick();
        const Deal* d = store.ws().find_deal(id);
        std::string to = stages[(std::find(stages.begin(), stages.end(), d->stage_id) - stages.begin() + 1) % stages.size()];
        double t0 = now_ms();
        MoveDeal move;
        move.deal_id = id;
        move.pipeline_id = "pl-sales";
        move.stage_id = to;
        store.dispatch(move, kNow);
        double t1 = now_ms();
        store.undo();
        double t2 = now_ms();
        move_t.push_back(t1 - t0);
        undo_t.push_back(t2 - t1);
    }
    std::sort(move_t.begin(), move_t.end());
    std::sort(undo_t.begin(), undo_t.end());
    out.push_back(move_t[move_t.size() / 2]);
    out.push_back(undo_t[undo_t.size() / 2]);

    // The board on every change (columns, totals, sort), then a search over every deal as
    // bench.search() in the browser does it, then what the view does per keystroke: filter the
    // columns it already has.
    out.push_back(median_ms(reps, [&] { g_sink = build_board(ws, q).matching; }));
    for (const char* needle : {"renewal", "#99999", "پارس"}) {
        BoardQuery s = q;
        s.search = needle;
        out.push_back(median_ms(reps, [&] { g_sink = build_board(ws, s).matching; }));
    }
    // The first search after a change builds the columns' search text (filter_columns takes the
    // columns mutable for that); the following keystrokes only scan it. Timed apart.
    Board columns, filtered;
    out.push_back(median_ms(
        reps, [&] { filter_columns(ws, columns, "renewal", filtered); g_sink = filtered.matching; },
        [&] { columns = build_columns(ws, q); }));
    for (const char* needle : {"renewal", "#99999", "پارس"}) {
        out.push_back(median_ms(reps, [&] {
            filter_columns(ws, columns, needle, filtered);
            g_sink = filtered.matching;
        }));
    }
    std::string text;
    out.push_back(median_ms(heavy, [&] { text = write_snapshot(ws, kNow); }));
    *snapshot_bytes = text.size();
    out.push_back(median_ms(heavy, [&] {
        Workspace back;
        std::string error;
        if (!read_snapshot(text, back, error)) {
            std::fprintf(stderr, "read_snapshot failed: %s\n", error.c_str());
            std::exit(1);
        }
        g_sink = back.deals.size();
    }));
    // The same board as web/storage.js stored it until stop 13 (the head, then chunk records of
    // 1,000 deals' JSON), read by SnapshotPieces batch by batch as the records arrive; the hint is
    // the deal count.
    const std::string head = snapshot_head(ws, kNow);
    std::vector<std::string> batches;
    for (size_t i = 0; i < n; ++i) {
        if (i % 1000 == 0) batches.emplace_back();
        else batches.back() += ',';
        batches.back() += deal_to_json(ws.deals[i]);
    }
    out.push_back(median_ms(heavy, [&] {
        Workspace back;
        std::string error;
        SnapshotPieces pieces;
        bool ok = pieces.begin(head, n, error);
        for (const std::string& b : batches) ok = ok && pieces.add_deals(b, error);
        if (!ok || !pieces.finish(back, error)) {
            std::fprintf(stderr, "reading in pieces failed: %s\n", error.c_str());
            std::exit(1);
        }
        g_sink = back.deals.size();
    }));
    // The same deals as the browser stores them since stop 14: deal records (core/deal_record.h)
    // in chunks of 1,000 with their ends, read by add_records.
    struct Chunk {
        std::string bytes;
        std::vector<uint32_t> ends;
    };
    std::vector<Chunk> chunks;
    for (size_t i = 0; i < n; ++i) {
        if (i % 1000 == 0) chunks.emplace_back();
        else chunks.back().bytes += ',';
        append_deal_record(chunks.back().bytes, ws.deals[i]);
        chunks.back().ends.push_back((uint32_t)chunks.back().bytes.size());
    }
    out.push_back(median_ms(heavy, [&] {
        Workspace back;
        std::string error;
        SnapshotPieces pieces;
        bool ok = pieces.begin(head, n, error);
        for (const Chunk& c : chunks) ok = ok && pieces.add_records(c.bytes, c.ends.data(), c.ends.size(), error);
        if (!ok || !pieces.finish(back, error)) {
            std::fprintf(stderr, "reading stored records failed: %s\n", error.c_str());
            std::exit(1);
        }
        g_sink = back.deals.size();
    }));
    // What loading a stored board does next (web/storage.cpp): hand the read workspace to a Store.
    // A fresh Store each time, so the old workspace is freed outside the timed part.
    Workspace read_back;
    std::unique_ptr<Store> loaded;
    out.push_back(median_ms(
        heavy, [&] { loaded->load(std::move(read_back)); g_sink = loaded->ws().deals.size(); },
        [&] {
            std::string error;
            loaded = std::make_unique<Store>();
            read_back = Workspace{};
            read_snapshot(text, read_back, error);
        }));
    return out;
}

std::string group(size_t n) {  // 100000 -> "100,000"
    std::string s = std::to_string(n);
    for (int i = (int)s.size() - 3; i > 0; i -= 3) s.insert((size_t)i, ",");
    return s;
}

}  // namespace

// Reports (app/reports_view.cpp computes them once per change of parameters or store revision):
// every report of the sales pipeline over the last year, then the eight tables shown beside them.
static void reports_bench(const std::vector<size_t>& sizes) {
    std::printf("\nReports: compute_reports + all eight tables, median ms\n");
    for (size_t n : sizes) {
        Workspace ws = make_workspace(n);
        ReportParams params;
        params.pipeline_id = "pl-sales";
        params.from = month_start(kNow - 365 * 86400);
        params.to = add_months(month_start(kNow), 1);
        const std::vector<Framework> none;
        Reports r;
        double compute = median_ms(n >= 100000 ? 5 : 15, [&] { r = compute_reports(ws, none, params, kNow); g_sink = r.stages.size(); });
        double tables = median_ms(n >= 100000 ? 5 : 15, [&] {
            for (int k = 0; k < kReportKindCount; ++k) g_sink = report_table(r, (ReportKind)k, ws).rows.size();
        });
        std::printf("%-26s%14s%14.3f ms compute%12.3f ms tables\n", "compute_reports", group(n).c_str(), compute, tables);
    }
}

// The board after a card is dropped on the next column, as app/board_view.cpp refreshes it: before
// update_columns, the columns were built again (and, with a search on, its index: filter_columns
// then indexes every card); now only the moved card leaves its column and enters the next one.
static void board_update_bench(const std::vector<size_t>& sizes) {
    std::printf("\nBoard after a move (the view's refresh after a drop, sales pipeline, open deals), median ms\n");
    std::printf("%-14s%16s%16s%22s%22s\n", "deals", "full build", "update", "full build, search", "update, search");
    for (size_t n : sizes) {
        Store store;
        store.load(make_workspace(n));
        BoardQuery q;
        q.pipeline_id = "pl-sales";
        q.status = StatusFilter::Open;
        const std::vector<std::string> stages = {"s-lead", "s-call", "s-meeting", "s-followup"};
        size_t k = 0;
        auto move = [&] {  // an open deal of the sales pipeline, to the next column (untimed)
            const Deal* d;
            do d = &store.ws().deals[(k++ * 7919) % n];
            while (d->pipeline_id != "pl-sales" || d->status != DealStatus::Open);
            size_t at = (size_t)(std::find(stages.begin(), stages.end(), d->stage_id) - stages.begin());
            MoveDeal m;
            m.deal_id = d->id;
            m.pipeline_id = "pl-sales";
            m.stage_id = stages[(at + 1) % stages.size()];
            store.dispatch(m, kNow);
        };
        Board all, shown;
        uint64_t revision = 0;
        auto full = [&](const char* search) {
            all = build_columns(store.ws(), q);
            filter_columns(store.ws(), all, search, shown);
            revision = store.revision();
            g_sink = shown.matching;
        };
        auto update = [&](const char* search) {
            std::vector<std::string> touched;
            size_t removed = 0;
            if (!store.deals_touched_since(revision, touched, removed) ||
                !update_columns(store.ws(), q, touched, removed, all)) {
                std::fprintf(stderr, "board update refused after a move\n");
                std::exit(1);
            }
            filter_columns(store.ws(), all, search, shown);
            revision = store.revision();
            g_sink = shown.matching;
        };
        const int reps = n >= 100000 ? 15 : 41;
        double figures[4];
        int f = 0;
        for (const char* search : {"", "renewal"}) {
            figures[f++] = median_ms(reps, [&] { full(search); }, move);
            full(search);  // the board the updates start from, indexed when searching
            figures[f++] = median_ms(reps, [&] { update(search); }, move);
        }
        std::printf("%-14s%16.3f%16.3f%22.3f%22.3f\n", group(n).c_str(), figures[0], figures[1], figures[2], figures[3]);
    }
}

int main(int argc, char** argv) {
    std::vector<size_t> sizes;
    const char* json_path = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json_path = argv[++i];
        else if (std::atol(argv[i]) > 0) sizes.push_back((size_t)std::atol(argv[i]));
        else { std::fprintf(stderr, "usage: %s [--json FILE] [SIZE ...]\n", argv[0]); return 2; }
    }
    if (sizes.empty()) sizes = {1000, 10000, 100000};

    const std::vector<std::string> names = {"baseline: sum of values", "move deal (dispatch)", "undo move", "build_board, no search",
                                            "build_board \"renewal\"", "build_board \"#99999\"", "build_board \"پارس\"",
                                            "filter, 1st key \"renewal\"", "filter, next key \"renewal\"", "filter, next key \"#99999\"",
                                            "filter, next key \"پارس\"", "write_snapshot", "read_snapshot", "read in pieces (1,000-deal batches)",
                                            "read stored records (1,000 a chunk)",
                                            "Store::load after read"};
    std::vector<Row> rows;
    for (const std::string& n : names) rows.push_back(Row{n, {}});
    std::vector<size_t> bytes;
    for (size_t n : sizes) {
        size_t b = 0;
        std::vector<double> r = run_size(n, &b);
        for (size_t i = 0; i < rows.size(); ++i) rows[i].ms.push_back(r[i]);
        bytes.push_back(b);
    }

    // Table: one row per operation, one column per size, and the ratio at the largest size.
    std::printf("Kariz native core benchmark: median ms per operation\n");
    const int label_width = 36;  // the longest operation name, "read in pieces (1,000-deal batches)"
    std::printf("%-*s", label_width, "operation");
    for (size_t n : sizes) std::printf("%14s", group(n).c_str());
    std::printf("   x baseline @%s\n", group(sizes.back()).c_str());
    const double base = rows[0].ms.back();
    for (const Row& row : rows) {
        // Pad by display width: the Persian query has multi-byte letters.
        std::string label = row.name;
        size_t width = 0;
        for (unsigned char c : label) width += (c & 0xC0) != 0x80;
        std::printf("%s%*s", label.c_str(), (int)(width < (size_t)label_width ? label_width - width : 0), "");
        for (double ms : row.ms) std::printf("%14.4f", ms);
        std::printf("%14.1f\n", base > 0 ? row.ms.back() / base : 0.0);
    }
    std::printf("%-*s", label_width, "snapshot bytes");
    for (size_t b : bytes) std::printf("%14zu", b);
    std::printf("\n");

    reports_bench(sizes);
    board_update_bench(sizes);

    if (json_path) {  // for tests/bench/run.sh, which puts it into build/bench/results.json
        FILE* f = std::fopen(json_path, "w");
        if (!f) { std::perror(json_path); return 1; }
        std::fprintf(f, "{\"unit\":\"ms (median)\",\"sizes\":{");
        for (size_t s = 0; s < sizes.size(); ++s) {
            std::fprintf(f, "%s\"%zu\":{\"snapshot_bytes\":%zu", s ? "," : "", sizes[s], bytes[s]);
            for (const Row& row : rows) {
                std::string key;  // the operation name without quotes, as a JSON key
                for (char c : row.name) if (c != '"') key += c;
                std::fprintf(f, ",\"%s\":%.6f", key.c_str(), row.ms[s]);
            }
            std::fprintf(f, "}");
        }
        std::fprintf(f, "}}\n");
        std::fclose(f);
    }
    return 0;
}
