// Two tabs on one board. Each save of this tab, once IndexedDB has committed it, is sent to the
// other tabs of this browser (web/page/tabs.js, BroadcastChannel) as the texts it wrote: the head
// (always, so deals are read against the pipelines they were written with), the deals' JSON and
// the deleted ids. A tab applies what it receives with the ApplyRemoteChanges action
// (core/remote_changes.h): no undo step, no write-back. The message carries what changed, not
// where it is stored, so it does not depend on the IndexedDB layout (web/storage.*).
// A deal edited in two tabs at once: the tab that saves last wins, and both tabs say so.
#include <emscripten.h>
#include "remote_changes.h"
#include "snapshot.h"
#include "tabsync.h"
#include "i18n.h"
#include "web_host.h"

EM_JS(void, js_tabs_post, (const char* head, const char* deals, const char* deletes, int meta, int all, const char* replaced), {
    if (Module.karizTabsPost) Module.karizTabsPost(UTF8ToString(head), UTF8ToString(deals), UTF8ToString(deletes), meta, all, UTF8ToString(replaced));
});
EM_JS(void, js_tabs_notice, (const char* text), {
    if (Module.karizTabsNotice) Module.karizTabsNotice(UTF8ToString(text));
});

namespace kariz {

namespace {
bool g_sending = false;
DirtySet g_sending_set;                  // written but not yet committed: still "unsaved" here
std::string g_head, g_deals, g_deletes;  // the message for the save in flight
std::string g_replaced;                  // titles of deals this tab's next save takes over, "\n"-joined

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
    g_head = snapshot_head(ws, shell().host.now());
    g_deals.clear();
    g_deletes.clear();
    auto add = [](const Deal& deal) { g_deals += (g_deals.empty() ? "" : ",") + deal_to_json(deal); };
    if (d.all) {
        for (const Deal& deal : ws.deals) add(deal);
        return;
    }
    for (const std::string& id : d.deal_ids) {
        if (const Deal* deal = ws.find_deal(id)) add(*deal);
        else g_deletes += (g_deletes.empty() ? "" : "\n") + id;
    }
}

void tabs_save_finished(bool ok) {
    if (g_sending && ok) {
        js_tabs_post(g_head.c_str(), g_deals.c_str(), g_deletes.c_str(), g_sending_set.meta || g_sending_set.all ? 1 : 0,
                     g_sending_set.all ? 1 : 0, g_replaced.c_str());
        g_replaced.clear();
    }
    g_sending = false;
    g_sending_set = DirtySet{};
    g_head.clear();
    g_deals.clear();
    g_deletes.clear();
}

}  // namespace kariz

using namespace kariz;

extern "C" {

// Another tab stored this. Returns 0 when this tab has not loaded yet (tabs.js retries), else 1.
EMSCRIPTEN_KEEPALIVE int kariz_tabs_receive(const char* head, const char* deals, const char* deletes, int meta, int all,
                                            const char* replaced) {
    App& app = shell().app;
    if (!app.storage_ready) return 0;
    if (replaced[0])
        js_tabs_notice(tr_plain(Text("tabs.other_saved_last", {std::string(replaced)})).c_str());
    DirtySet unsaved = app.store.dirty();
    unsaved.merge(g_sending_set);
    if (unsaved.all) {
        // This tab replaced the whole board and is about to write all of it: that save wins.
        js_tabs_notice(tr_plain(Text("tabs.board_replaced_here")).c_str());
        return 1;
    }
    auto remote = std::make_shared<Workspace>();
    std::string error;
    if (!read_snapshot(std::string(head) + deals + "]}", *remote, error)) {
        js_tabs_notice(tr_plain(Text("tabs.unreadable", {error})).c_str());
        return 1;
    }
    ApplyRemoteChanges a;
    a.remote = remote;
    a.meta_changed = meta != 0;
    a.replaces_all = all != 0;
    for (const char *p = deletes, *start = deletes;; ++p) {
        if (*p == '\n' || *p == 0) {
            if (p > start) a.deleted_ids.emplace_back(start, p);
            if (*p == 0) break;
            start = p + 1;
        }
    }
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
    if (!app.store.dispatch(a, shell().host.now(), &error))
        js_tabs_notice(tr_plain(Text("tabs.not_applied", {error})).c_str());
    if (app.store.ws().find_pipeline(app.pipeline_id) == nullptr && !app.store.ws().pipelines.empty())
        app.pipeline_id = app.store.ws().pipelines.front().id;
    return 1;
}

}  // extern "C"
