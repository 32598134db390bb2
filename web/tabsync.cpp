// Two tabs on one board. Each save of this tab, once IndexedDB has committed it, is sent to the
// other tabs of this browser (web/page/tabs.js, BroadcastChannel) as the texts it wrote: the head
// (always, so deals are read against the pipelines they were written with), the deals' JSON and
// the deleted ids. A save of a whole new board (an import, the sample) or of many deals (a merge, a
// bulk edit) sends only which deals it wrote: the other tabs read them from IndexedDB as a load
// does (web/storage.js kariz_idb_reread). Sending every deal's JSON cost the saving tab 82 ms at
// 10,000 deals (issue 7), and each tab got a copy of the board through the channel. A tab applies
// what it receives with the ApplyRemoteChanges action (core/remote_changes.h): no undo step, no
// write-back.
// A deal edited in two tabs at once: the tab that saves last wins, and both tabs say so.
#include <emscripten.h>
#include <memory>
#include <unordered_set>
#include "remote_changes.h"
#include "snapshot.h"
#include "tabsync.h"
#include "i18n.h"
#include "web_host.h"

EM_JS(void, js_tabs_post, (const char* head, const char* deals, const char* deletes, int meta, int all, const char* replaced,
                           const char* reread_ids, int reread), {
    if (Module.karizTabsPost)
        Module.karizTabsPost(UTF8ToString(head), UTF8ToString(deals), UTF8ToString(deletes), meta, all, UTF8ToString(replaced),
                             UTF8ToString(reread_ids), reread);
});
EM_JS(void, js_tabs_notice, (const char* text), {
    if (Module.karizTabsNotice) Module.karizTabsNotice(UTF8ToString(text));
});

extern "C" void kariz_idb_reread();

namespace kariz {

namespace {
bool g_sending = false;
DirtySet g_sending_set;                  // written but not yet committed: still "unsaved" here
std::string g_head, g_deals, g_deletes;  // the message for the save in flight
std::string g_reread_ids;                // or, for a save of many deals, their ids ("\n"-joined)
bool g_reread = false;                   // ... and the other tabs read them from IndexedDB
const size_t kSendDealsUpTo = 200;       // more are read from IndexedDB by the other tabs
std::string g_replaced;                  // titles of deals this tab's next save takes over, "\n"-joined
bool g_rereading = false;                // another tab's save is being read from IndexedDB
std::unique_ptr<SnapshotPieces> g_board; // its reader
// What that save wrote: everything (`all`), or these deals; and these deletions, the head.
struct Reread {
    bool all = false, meta = false;
    std::unordered_set<std::string> ids;
    std::vector<std::string> deleted_ids;
} g_reread_of;

std::string titles(const Workspace& ws, const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) {
        const Deal* d = ws.find_deal(id);
        out += (out.empty() ? "" : ", ") + ("“" + (d ? d->title : id) + "”");
    }
    return out;
}
}  // namespace

void tabs_save_started(const DirtySet& d) {
    const Workspace& ws = shell().app.store.ws();
    g_sending = true;
    g_sending_set = d;
    g_head.clear();
    g_deals.clear();
    g_deletes.clear();
    g_reread_ids.clear();
    g_reread = d.all || d.deal_ids.size() > kSendDealsUpTo;  // the other tabs read them from IndexedDB
    if (d.all) return;
    if (!g_reread) g_head = snapshot_head(ws, shell().host.now());
    for (const std::string& id : d.deal_ids) {
        if (!ws.find_deal(id)) g_deletes += (g_deletes.empty() ? "" : "\n") + id;
        else if (g_reread) g_reread_ids += (g_reread_ids.empty() ? "" : "\n") + id;
        else g_deals += (g_deals.empty() ? "" : ",") + deal_to_json(*ws.find_deal(id));
    }
}

void tabs_save_finished(bool ok) {
    if (g_sending && ok) {
        js_tabs_post(g_head.c_str(), g_deals.c_str(), g_deletes.c_str(), g_sending_set.meta || g_sending_set.all ? 1 : 0,
                     g_sending_set.all ? 1 : 0, g_replaced.c_str(), g_reread_ids.c_str(), g_reread ? 1 : 0);
        g_replaced.clear();
    }
    g_sending = false;
    g_sending_set = DirtySet{};
    g_head.clear();
    g_deals.clear();
    g_deletes.clear();
    g_reread_ids.clear();
}

namespace {

// This tab has replaced the whole board and not yet stored it: its save wins over another's.
bool whole_board_unsaved_here() {
    DirtySet unsaved = shell().app.store.dirty();
    unsaved.merge(g_sending_set);
    if (!unsaved.all) return false;
    js_tabs_notice(tr_plain(Text("tabs.board_replaced_here")).c_str());
    return true;
}

// Applies what another tab stored: `remote` holds its head and the deals it wrote (all of them
// when `all`). A deal this tab has changed and not yet stored keeps this tab's version, and the
// user is told that this tab's save will win.
void apply_remote(std::shared_ptr<Workspace> remote, bool meta, bool all, std::vector<std::string> deleted_ids) {
    App& app = shell().app;
    DirtySet unsaved = app.store.dirty();
    unsaved.merge(g_sending_set);
    ApplyRemoteChanges a;
    a.remote = std::move(remote);
    a.meta_changed = meta;
    a.replaces_all = all;
    a.deleted_ids = std::move(deleted_ids);
    a.unsaved_deal_ids = unsaved.deal_ids;
    a.unsaved_meta = unsaved.meta;
    std::vector<std::string> conflicts = remote_conflicts(app.store.ws(), a);
    if (!conflicts.empty()) {
        std::string names = titles(app.store.ws(), conflicts);
        g_replaced += (g_replaced.empty() ? "" : ", ") + names;
        js_tabs_notice(tr_plain(Text("tabs.this_saves_last", {names})).c_str());
    }
    if (a.meta_changed && a.unsaved_meta)
        js_tabs_notice(tr_plain(Text("tabs.meta_both")).c_str());
    std::string error;
    if (!app.store.dispatch(a, shell().host.now(), &error))
        js_tabs_notice(tr_plain(Text("tabs.not_applied", {error})).c_str());
    if (app.store.ws().find_pipeline(app.pipeline_id) == nullptr && !app.store.ws().pipelines.empty())
        app.pipeline_id = app.store.ws().pipelines.front().id;
}

// "a\nb" -> {"a", "b"}
std::vector<std::string> split_lines(const char* text) {
    std::vector<std::string> out;
    for (const char *p = text, *start = text;; ++p) {
        if (*p == '\n' || *p == 0) {
            if (p > start) out.emplace_back(start, p);
            if (*p == 0) break;
            start = p + 1;
        }
    }
    return out;
}

void board_unreadable(const std::string& error) {
    g_board.reset();
    g_rereading = false;
    js_tabs_notice(tr_plain(Text("tabs.unreadable", {error})).c_str());
}

}  // namespace

}  // namespace kariz

using namespace kariz;

extern "C" {

// Another tab stored this: its head and deals as JSON, or (`reread`) only the ids of the deals
// it wrote, to be read from IndexedDB (all of them when `all`). Returns 0 when this tab cannot
// take it yet: not loaded, or still reading the last one (tabs.js retries, keeping the order).
EMSCRIPTEN_KEEPALIVE int kariz_tabs_receive(const char* head, const char* deals, const char* deletes, int meta, int all,
                                            const char* replaced, const char* reread_ids, int reread) {
    App& app = shell().app;
    if (!app.storage_ready || g_rereading) return 0;
    if (replaced[0])
        js_tabs_notice(tr_plain(Text("tabs.other_saved_last", {std::string(replaced)})).c_str());
    if (whole_board_unsaved_here()) return 1;
    if (reread) {
        g_reread_of = Reread{};
        g_reread_of.all = all != 0;
        g_reread_of.meta = meta != 0;
        for (std::string& id : split_lines(reread_ids)) g_reread_of.ids.insert(std::move(id));
        g_reread_of.deleted_ids = split_lines(deletes);
        g_rereading = true;
        kariz_idb_reread();
        return 1;
    }
    auto remote = std::make_shared<Workspace>();
    std::string error;
    if (!read_snapshot(std::string(head) + deals + "]}", *remote, error)) {
        js_tabs_notice(tr_plain(Text("tabs.unreadable", {error})).c_str());
        return 1;
    }
    apply_remote(std::move(remote), meta != 0, all != 0, split_lines(deletes));
    return 1;
}

// Another tab's new board, read from IndexedDB in pieces as a load reads it (web/storage.js
// kariz_idb_reread; see kariz_storage_begin in web/storage.cpp). begin and add return 0 to stop.
EMSCRIPTEN_KEEPALIVE int kariz_tabs_board_begin(const char* head, int expected_deals) {
    std::string error;
    if (pieces_begin(g_board, head, expected_deals, error)) return 1;
    board_unreadable(error);
    return 0;
}

EMSCRIPTEN_KEEPALIVE int kariz_tabs_board_add(const char* records, int length, const uint32_t* ends, int count) {
    if (!g_board) return 0;
    std::string error;
    if (pieces_add(*g_board, records, length, ends, count, error)) return 1;
    board_unreadable(error);
    return 0;
}

EMSCRIPTEN_KEEPALIVE void kariz_tabs_board_end() {
    if (!g_board) return;
    auto remote = std::make_shared<Workspace>();
    std::string error;
    const bool read = g_board->finish(*remote, error);
    g_board.reset();
    if (!read) {
        board_unreadable(error);
        return;
    }
    g_rereading = false;
    // Checked again: this tab may have replaced its board while the other one's was read.
    if (whole_board_unsaved_here()) return;
    Reread of = std::move(g_reread_of);
    if (!of.all) {
        // Only the deals that save wrote: the rest of what is stored may be older than this tab.
        std::vector<Deal> wrote;
        for (Deal& d : remote->deals)
            if (of.ids.count(d.id)) wrote.push_back(std::move(d));
        remote->deals = std::move(wrote);
        remote->rebuild_index();
    }
    apply_remote(std::move(remote), of.all || of.meta, of.all, std::move(of.deleted_ids));
}

EMSCRIPTEN_KEEPALIVE void kariz_tabs_board_failed(const char* message) { board_unreadable(message); }

}  // extern "C"
