// reduce(): every action of actions.h, turned into a Change. "Move a deal" is reduce_move below.
#include "reduce.h"
#include <algorithm>
#include "dates.h"
#include "merge.h"
#include "money.h"
#include "remote_changes.h"
#include "scoring.h"
#include "reports.h"

namespace kariz {

Meta meta_of(const Workspace& ws) { return Meta{ws.pipelines, ws.users, ws.settings, ws.tombstones}; }

namespace {

struct Ctx {
    const Workspace& ws;
    Time now;
    IdGenerator& ids;
    Change& out;
    Text& error;
    bool fail(Text t) { error = std::move(t); return false; }
};

// `what` names the field in the key: "error.too_long.title" says "title is too long (..)".
bool text_ok(const std::string& s, size_t max, const char* what, Text& error) {
    if (s.size() > max) {
        error = Text(std::string("error.too_long.") + what, {s.size(), max});
        return false;
    }
    return true;
}

// Refusals from checks kept elsewhere (scoring, another tab's changes) still come as one string.
bool detail(bool ok, const std::string& text, Text& error) {
    if (!ok) error = Text("error.detail", {text});
    return ok;
}

const Deal* need_deal(Ctx& c, const std::string& id) {
    const Deal* d = c.ws.find_deal(id);
    if (!d) c.fail(Text("error.no_deal", {id}));
    return d;
}

void push_deal(Ctx& c, const Deal& before, const Deal& after) { c.out.deals.push_back({after.id, before, after}); }

// Ends the open stay in the history and opens one in `stage_id`.
void enter_stage(Deal& d, const std::string& pipeline_id, const std::string& stage_id, Time now,
                 const std::string& justification = "") {
    if (!d.history.empty() && d.history.back().left == 0) {
        d.history.back().left = now;
        record_known(d);
    }
    d.history.push_back({stage_id, now, 0, justification, false, {}});
    d.pipeline_id = pipeline_id;
    d.stage_id = stage_id;
    d.stage_entered_at = now;
}

void copy_fields(Deal& d, const DealFields& f) {
    d.title = f.title;
    d.organization = f.organization;
    d.contact = f.contact;
    d.value = f.value;
    d.currency = f.currency;
    d.owner_id = f.owner_id;
    d.source = f.source;
    d.labels = f.labels;
    d.expected_close = f.expected_close;
    d.notes = f.notes;
}

bool check_owner(Ctx& c, const std::string& owner_id) {
    if (!owner_id.empty() && !c.ws.find_user(owner_id)) return c.fail(Text("error.no_user", {owner_id}));
    return true;
}

bool reduce_create(Ctx& c, const CreateDeal& a) {
    if (!validate_fields(a.fields, c.error) || !check_owner(c, a.fields.owner_id)) return false;
    const Pipeline* p = c.ws.find_pipeline(a.pipeline_id);
    if (!p) return c.fail(Text("error.no_pipeline", {a.pipeline_id}));
    std::string stage_id = a.stage_id.empty() ? p->stages.front().id : a.stage_id;
    if (!find_stage(*p, stage_id)) return c.fail(Text("error.no_stage_in", {stage_id, p->name}));
    Deal d;
    do d.id = c.ids.uuid4(); while (c.ws.find_deal(d.id));
    copy_fields(d, a.fields);
    d.created_at = d.updated_at = c.now;
    enter_stage(d, p->id, stage_id, c.now);
    c.out.deals.push_back({d.id, std::nullopt, d});
    return true;
}

bool reduce_update(Ctx& c, const UpdateDeal& a) {
    const Deal* d = need_deal(c, a.deal_id);
    if (!d || !validate_fields(a.fields, c.error) || !check_owner(c, a.fields.owner_id)) return false;
    Deal after = *d;
    copy_fields(after, a.fields);
    std::string pipeline_id = a.pipeline_id.empty() ? d->pipeline_id : a.pipeline_id;
    std::string stage_id = a.stage_id.empty() ? d->stage_id : a.stage_id;
    if (pipeline_id != d->pipeline_id || stage_id != d->stage_id) {
        const Pipeline* p = c.ws.find_pipeline(pipeline_id);
        if (!p) return c.fail(Text("error.no_pipeline", {pipeline_id}));
        if (!find_stage(*p, stage_id)) return c.fail(Text("error.no_stage_in", {stage_id, p->name}));
        enter_stage(after, pipeline_id, stage_id, c.now);
    }
    after.updated_at = c.now;
    push_deal(c, *d, after);
    return true;
}

// Moving a deal: within its pipeline or to another one. Closes the current stay in the stage
// history and opens a new one, so reports can rebuild the board at any past date.
bool reduce_move(Ctx& c, const MoveDeal& a) {
    const Deal* d = need_deal(c, a.deal_id);
    if (!d) return false;
    std::string pipeline_id = a.pipeline_id.empty() ? d->pipeline_id : a.pipeline_id;
    const Pipeline* p = c.ws.find_pipeline(pipeline_id);
    if (!p) return c.fail(Text("error.no_pipeline", {pipeline_id}));
    if (!find_stage(*p, a.stage_id)) return c.fail(Text("error.no_stage_in", {a.stage_id, p->name}));
    if (d->pipeline_id == pipeline_id && d->stage_id == a.stage_id) return true;  // dropped where it was
    if (!text_ok(a.justification, kMaxNotes, "justification", c.error)) return false;
    Deal after = *d;
    enter_stage(after, pipeline_id, a.stage_id, c.now, a.justification);
    after.updated_at = c.now;
    push_deal(c, *d, after);
    return true;
}

bool reduce_status(Ctx& c, const std::string& id, DealStatus status, const std::string& reason) {
    const Deal* d = need_deal(c, id);
    if (!d || !text_ok(reason, kMaxShortText, "lost_reason", c.error)) return false;
    if (status == DealStatus::Lost && reason.empty()) return c.fail(Text("error.lost_needs_reason"));
    Deal after = *d;
    after.status = status;
    after.lost_reason = status == DealStatus::Lost ? reason : "";
    after.closed_at = status == DealStatus::Open ? 0 : c.now;
    if (status != DealStatus::Open) record_known(after);  // what it knew when it closed in this stage
    after.updated_at = c.now;
    push_deal(c, *d, after);
    return true;
}

// Edits one deal through `edit`, which may refuse with a message.
template <typename Edit>
bool edit_deal(Ctx& c, const std::string& id, Edit edit) {
    const Deal* d = need_deal(c, id);
    if (!d) return false;
    Deal after = *d;
    if (!edit(after)) return false;
    after.updated_at = c.now;
    push_deal(c, *d, after);
    return true;
}

bool reduce_set_criterion(Ctx& c, const SetCriterion& a) {
    if (a.answer.id.empty()) return c.fail(Text("error.which_criterion"));
    if (!text_ok(a.answer.note, kMaxNotes, "note", c.error)) return false;
    return edit_deal(c, a.deal_id, [&](Deal& d) {
        for (CriterionAnswer& x : d.criteria)
            if (x.id == a.answer.id) { x = a.answer; return true; }
        if (d.criteria.size() >= 50) return c.fail(Text("error.too_many_criteria"));
        d.criteria.push_back(a.answer);
        return true;
    });
}

bool reduce_log_activity(Ctx& c, const LogActivity& a) {
    if (!text_ok(a.activity.note, kMaxNotes, "note", c.error)) return false;
    return edit_deal(c, a.deal_id, [&](Deal& d) {
        if (d.activities.size() >= 5000) return c.fail(Text("error.too_many_activities"));
        Activity act = a.activity;
        if (act.id.empty()) act.id = c.ids.uuid4();
        if (act.at == 0) act.at = c.now;
        if (!act.outgoing) act.answered = true;  // an incoming touch is the customer answering
        // Keep the list in time order: touches are often logged after the fact.
        auto pos = std::upper_bound(d.activities.begin(), d.activities.end(), act.at,
                                    [](Time t, const Activity& x) { return t < x.at; });
        d.activities.insert(pos, act);
        return true;
    });
}

bool reduce_disqualify(Ctx& c, const Disqualify& a) {
    bool known = false;
    for (int i = 0; i < kDqReasonCount; ++i) known = known || a.reason == kDqReasons[i];
    if (!known) return c.fail(Text("error.unknown_dq_reason", {a.reason}));
    if (a.reason == "other" && a.note.empty()) return c.fail(Text("error.dq_needs_note"));
    if (!text_ok(a.note, kMaxNotes, "note", c.error)) return false;
    return edit_deal(c, a.deal_id, [&](Deal& d) {
        d.status = DealStatus::Disqualified;
        d.dq_reason = a.reason;
        d.dq_note = a.note;
        d.closed_at = c.now;
        d.next = NextStep{};
        record_known(d);
        return true;
    });
}

bool reduce_restore(Ctx& c, const RestoreDeal& a) {
    return edit_deal(c, a.deal_id, [&](Deal& d) {
        if (d.status != DealStatus::Disqualified) return c.fail(Text("error.restore_not_disqualified"));
        d.status = DealStatus::Open;
        d.dq_reason.clear();
        d.dq_note.clear();
        d.closed_at = 0;
        return true;
    });
}

bool reduce_delete(Ctx& c, const DeleteDeal& a) {
    const Deal* d = need_deal(c, a.deal_id);
    if (!d) return false;
    c.out.deals.push_back({d->id, *d, std::nullopt});
    return true;
}

// Pipeline and stage edits change the (small) meta; when stages disappear their deals move.
struct MetaEdit {
    Ctx& c;
    Meta after;
    explicit MetaEdit(Ctx& ctx) : c(ctx), after(meta_of(ctx.ws)) {}
    Pipeline* pipeline(const std::string& id) {
        for (Pipeline& p : after.pipelines)
            if (p.id == id) return &p;
        c.fail(Text("error.no_pipeline", {id}));
        return nullptr;
    }
    void commit() {
        c.out.meta_changed = true;
        c.out.meta_before = meta_of(c.ws);
        c.out.meta_after = std::move(after);
    }
};

bool stage_ok(Ctx& c, const Stage& s) {
    if (s.name.empty()) return c.fail(Text("error.stage_needs_name"));
    if (!text_ok(s.name, kMaxShortText, "stage_name", c.error)) return false;
    if (s.probability < 0 || s.probability > 100) return c.fail(Text("error.probability_range"));
    if (s.rotting_days < 0 || s.rotting_days > 3650) return c.fail(Text("error.rotting_days_range"));
    if (s.exit_criteria.size() > 50) return c.fail(Text("error.too_many_exit_criteria"));
    for (const std::string& k : s.exit_criteria)
        if (k.empty() || !text_ok(k, kMaxShortText, "exit_criterion", c.error)) { if (k.empty()) c.fail(Text("error.empty_exit_criterion")); return false; }
    return true;
}

Stage unsorted_stage(IdGenerator& ids) {
    Stage s;
    s.id = ids.uuid4();
    s.name = "Unsorted";
    return s;
}

bool reduce_add_pipeline(Ctx& c, const AddPipeline& a) {
    if (a.name.empty()) return c.fail(Text("error.pipeline_needs_name"));
    if (!text_ok(a.name, kMaxShortText, "pipeline_name", c.error)) return false;
    MetaEdit e(c);
    Pipeline p{c.ids.uuid4(), a.name, {unsorted_stage(c.ids)}};
    for (Stage s : a.stages) {
        if (!stage_ok(c, s)) return false;
        if (s.id.empty()) s.id = c.ids.uuid4();
        p.stages.push_back(s);
    }
    e.after.pipelines.push_back(p);
    e.commit();
    return true;
}

bool reduce_rename_pipeline(Ctx& c, const RenamePipeline& a) {
    if (a.name.empty()) return c.fail(Text("error.pipeline_needs_name"));
    if (!text_ok(a.name, kMaxShortText, "pipeline_name", c.error)) return false;
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    p->name = a.name;
    e.commit();
    return true;
}

void move_all_deals(Ctx& c, const std::string& pipeline_id, const std::string& stage_id,
                    const std::string& to_pipeline, const std::string& to_stage) {
    for (const Deal& d : c.ws.deals) {
        if (d.pipeline_id != pipeline_id || (!stage_id.empty() && d.stage_id != stage_id)) continue;
        Deal after = d;
        enter_stage(after, to_pipeline, to_stage, c.now);
        after.updated_at = c.now;
        push_deal(c, d, after);
    }
}

bool reduce_delete_pipeline(Ctx& c, const DeletePipeline& a) {
    if (c.ws.pipelines.size() < 2) return c.fail(Text("error.last_pipeline"));
    if (a.pipeline_id == a.target_pipeline_id) return c.fail(Text("error.pick_other_pipeline"));
    MetaEdit e(c);
    const Pipeline* target = c.ws.find_pipeline(a.target_pipeline_id);
    if (!e.pipeline(a.pipeline_id) || !target) return c.fail(Text("error.unknown_pipeline"));
    move_all_deals(c, a.pipeline_id, "", target->id, target->stages.front().id);
    auto& ps = e.after.pipelines;
    ps.erase(std::remove_if(ps.begin(), ps.end(), [&](const Pipeline& p) { return p.id == a.pipeline_id; }), ps.end());
    e.commit();
    return true;
}

bool reduce_add_stage(Ctx& c, const AddStage& a) {
    if (!stage_ok(c, a.stage)) return false;
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    if (p->stages.size() >= 50) return c.fail(Text("error.too_many_stages"));
    Stage s = a.stage;
    if (s.id.empty() || find_stage(*p, s.id)) s.id = c.ids.uuid4();
    p->stages.push_back(s);
    e.commit();
    return true;
}

bool reduce_update_stage(Ctx& c, const UpdateStage& a) {
    if (!stage_ok(c, a.stage)) return false;
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    int pos = stage_position(*p, a.stage.id);
    if (pos < 0) return c.fail(Text("error.no_stage", {a.stage.id}));
    p->stages[pos] = a.stage;
    e.commit();
    return true;
}

bool reduce_move_stage(Ctx& c, const MoveStage& a) {
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    int from = stage_position(*p, a.stage_id);
    if (from < 0) return c.fail(Text("error.no_stage", {a.stage_id}));
    // Unsorted is the intake and stays first.
    if (from == 0 || a.new_position < 1 || a.new_position >= (int)p->stages.size()) return c.fail(Text("error.stage_cannot_move"));
    Stage s = p->stages[from];
    p->stages.erase(p->stages.begin() + from);
    p->stages.insert(p->stages.begin() + a.new_position, s);
    e.commit();
    return true;
}

bool reduce_delete_stage(Ctx& c, const DeleteStage& a) {
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    int pos = stage_position(*p, a.stage_id);
    if (pos < 0) return c.fail(Text("error.no_stage", {a.stage_id}));
    if (pos == 0) return c.fail(Text("error.unsorted_stays"));
    if (a.target_stage_id == a.stage_id || stage_position(*p, a.target_stage_id) < 0)
        return c.fail(Text("error.pick_other_stage"));
    move_all_deals(c, a.pipeline_id, a.stage_id, a.pipeline_id, a.target_stage_id);
    p->stages.erase(p->stages.begin() + pos);
    e.commit();
    return true;
}

bool reduce_set_pipeline_framework(Ctx& c, const SetPipelineFramework& a) {
    if (a.framework_id.empty()) return c.fail(Text("error.which_framework"));
    MetaEdit e(c);
    Pipeline* p = e.pipeline(a.pipeline_id);
    if (!p) return false;
    p->framework_id = a.framework_id;
    e.commit();
    return true;
}

bool reduce_set_users(Ctx& c, const SetUsers& a) {
    for (const User& u : a.users) {
        if (u.id.empty() || u.name.empty()) return c.fail(Text("error.user_needs_id_name"));
        if (!text_ok(u.name, kMaxShortText, "user_name", c.error) || !text_ok(u.initials, 8, "initials", c.error)) return false;
    }
    MetaEdit e(c);
    e.after.users = a.users;
    e.commit();
    return true;
}

bool rates_ok(Ctx& c, const std::vector<ExchangeRate>& rates);  // below, with the reports' actions

bool reduce_set_settings(Ctx& c, const SetSettings& a) {
    if (!is_currency_code(a.settings.default_currency)) return c.fail(Text("error.default_currency"));
    if (a.settings.gone_dark_touches < 1 || a.settings.gone_dark_touches > 100) return c.fail(Text("error.gone_dark_range"));
    std::string scoring_error;
    if (!text_ok(a.settings.goodbye_template, kMaxNotes, "goodbye_email", c.error) ||
        !text_ok(a.settings.dq_criteria, kMaxNotes, "dq_criteria", c.error) ||
        !detail(validate_scoring_settings(a.settings, scoring_error), scoring_error, c.error))
        return false;
    if (!rates_ok(c, a.settings.exchange_rates)) return false;
    MetaEdit e(c);
    e.after.settings = a.settings;
    e.commit();
    return true;
}

bool rates_ok(Ctx& c, const std::vector<ExchangeRate>& rates) {
    if (rates.size() > 200) return c.fail(Text("error.too_many_rates"));
    for (size_t i = 0; i < rates.size(); ++i) {
        if (!is_currency_code(rates[i].currency)) return c.fail(Text("error.rate_currency", {rates[i].currency}));
        if (rates[i].per_million <= 0 || rates[i].per_million > 1000000000000000LL) return c.fail(Text("error.rate_positive", {rates[i].currency}));
        for (size_t k = 0; k < i; ++k)
            if (rates[k].currency == rates[i].currency) return c.fail(Text("error.rate_twice", {rates[i].currency}));
    }
    return true;
}

bool reduce_set_quota(Ctx& c, const SetQuota& a) {
    if (a.monthly_quota < 0 || a.monthly_quota > 1000000000000000LL) return c.fail(Text("error.quota_range"));
    if (!a.currency.empty() && !is_currency_code(a.currency)) return c.fail(Text("error.quota_currency"));
    MetaEdit e(c);
    for (User& u : e.after.users)
        if (u.id == a.user_id) {
            u.monthly_quota = a.monthly_quota;
            u.quota_currency = a.currency;
            e.commit();
            return true;
        }
    return c.fail(Text("error.no_user", {a.user_id}));
}

bool reduce_set_exchange_rates(Ctx& c, const SetExchangeRates& a) {
    if (!rates_ok(c, a.rates)) return false;
    MetaEdit e(c);
    e.after.settings.exchange_rates = a.rates;
    e.commit();
    return true;
}

bool reduce_replace(Ctx& c, const ReplaceWorkspace& a) {
    if (!a.workspace) return c.fail(Text("error.nothing_to_load"));
    if (a.workspace->pipelines.empty()) return c.fail(Text("error.workspace_needs_pipeline"));
    c.out.meta_changed = true;
    c.out.meta_before = meta_of(c.ws);
    c.out.meta_after = meta_of(*a.workspace);
    c.out.all_before = std::make_shared<const std::vector<Deal>>(c.ws.deals);
    c.out.all_after = std::make_shared<const std::vector<Deal>>(a.workspace->deals);
    if (!a.label.empty()) c.out.label = a.label;
    return true;
}

bool reduce_import_deals(Ctx& c, const ImportDeals& a) {
    if (!a.deals || a.deals->empty()) return c.fail(Text("error.no_deals_to_import"));
    if (c.ws.deals.size() + a.deals->size() > 1000000) return c.fail(Text("error.too_many_deals"));
    c.out.deals.reserve(a.deals->size());
    for (const Deal& src : *a.deals) {
        DealFields f{src.title, src.organization, src.contact, src.value, src.currency, src.owner_id, src.source, src.labels,
                     src.expected_close, src.notes};
        // The deal is named. Its fields' own refusal is a message that cannot be nested in this
        // one; import files are checked field by field before they get here (snapshot reader, CSV
        // mapper), so this only names the deal.
        std::string title = src.title.substr(0, 60);
        if (!validate_fields(f, c.error) || !check_owner(c, src.owner_id))
            return c.fail(Text("error.import_deal_refused", {title}));
        const Pipeline* p = c.ws.find_pipeline(src.pipeline_id);
        if (!p || !find_stage(*p, src.stage_id)) return c.fail(Text("error.import_no_stage", {title}));
        Deal d = src;
        do d.id = c.ids.uuid4(); while (c.ws.find_deal(d.id));
        if (d.created_at == 0) d.created_at = c.now;
        d.updated_at = c.now;
        if (d.history.empty()) {
            d.history.push_back({d.stage_id, d.created_at, 0, "", false, {}});
            d.stage_entered_at = d.created_at;
        }
        c.out.deals.push_back({d.id, std::nullopt, std::move(d)});
    }
    if (!a.label.empty()) c.out.label = a.label;
    return true;
}

bool reduce_apply_merge(Ctx& c, const ApplyMerge& a) {
    if (!a.result) return c.fail(Text("error.nothing_to_import"));
    for (const DealChange& dc : a.result->deals) {
        // The preview was computed against this workspace; refuse if a deal changed since.
        const Deal* now_there = c.ws.find_deal(dc.id);
        if (!!now_there != !!dc.before || (now_there && now_there->sync.rev.counter != dc.before->sync.rev.counter))
            return c.fail(Text("error.board_changed"));
    }
    c.out.deals = a.result->deals;
    if (a.result->meta_changed) {
        c.out.meta_changed = true;
        c.out.meta_before = meta_of(c.ws);
        c.out.meta_after = a.result->meta_after;
    }
    if (!a.label.empty()) c.out.label = a.label;
    return true;
}

}  // namespace

bool validate_fields(const DealFields& f, Text& error) {
    if (f.title.empty()) { error = Text("error.deal_needs_title"); return false; }
    if (!text_ok(f.title, kMaxTitle, "title", error) || !text_ok(f.organization, kMaxShortText, "organization", error) ||
        !text_ok(f.contact.name, kMaxShortText, "contact_name", error) ||
        !text_ok(f.contact.email, kMaxShortText, "email", error) || !text_ok(f.contact.phone, kMaxShortText, "phone", error) ||
        !text_ok(f.notes, kMaxNotes, "notes", error))
        return false;
    if (!is_currency_code(f.currency)) { error = Text("error.currency_code"); return false; }
    if (f.value < 0 || f.value > 1000000000000000LL) { error = Text("error.value_range"); return false; }
    if (!f.expected_close.empty() && !is_valid_date(f.expected_close)) { error = Text("error.expected_close_date"); return false; }
    if (f.labels.size() > kMaxLabels) { error = Text("error.too_many_labels"); return false; }
    for (const std::string& l : f.labels)
        if (l.empty() || !text_ok(l, kMaxShortText, "label", error)) { if (l.empty()) error = Text("error.empty_label"); return false; }
    return true;
}

const char* const kDqReasons[] = {"no_budget", "no_authority", "no_need", "no_timeline", "gone_dark",
                                  "problem_customer", "wont_buy_again", "anti_brand", "other"};
const int kDqReasonCount = 9;

const char* dq_reason_label(const std::string& code) {
    static const char* labels[] = {"No budget", "No authority", "No need / not a fit", "No timeline", "Gone dark",
                                   "Problem customer", "Won't buy again", "Anti-brand ambassador", "Other"};
    for (int i = 0; i < kDqReasonCount; ++i)
        if (code == kDqReasons[i]) return labels[i];
    return "Other";
}

const char* action_name(const Action& a) {
    static const char* names[] = {"New deal",      "Edit deal",       "Move deal",       "Mark won",       "Mark lost",
                                  "Reopen deal",   "Delete deal",     "Change framework", "Qualify",       "Log activity",
                                  "Schedule activity", "Set priority", "Disqualify",     "Restore deal",   "Add pipeline",
                                  "Rename pipeline", "Delete pipeline", "Add stage",     "Edit stage",     "Reorder stages",
                                  "Delete stage",  "Set framework",   "Edit users",      "Edit settings",  "Replace board",
                                  "Set quota",     "Set exchange rates",
                                  "Edit organization facts",
                                  "Add user",      "Edit user",       "Remove user",     "Set owner rule", "Bulk edit",
                                  "Import deals",    "Import (merge)",
                                  "Changes from another tab"};
    static_assert(sizeof(names) / sizeof(names[0]) == std::variant_size_v<Action>, "one name per action");
    return names[a.index()];
}

bool validate_fields(const DealFields& f, std::string& error_key) {
    Text error;
    if (validate_fields(f, error)) return true;
    error_key = error.key;
    return false;
}

bool reduce(const Workspace& ws, const Action& action, Time now, IdGenerator& ids, Change& out, std::string& error,
            Text* error_text) {
    out = Change{};
    out.label = action_name(action);
    Text refusal;
    std::string other;  // the refusal of a check that still says it in one string
    Ctx c{ws, now, ids, out, refusal};
    bool ok = std::visit(
        [&](const auto& a) -> bool {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, CreateDeal>) return reduce_create(c, a);
            else if constexpr (std::is_same_v<T, UpdateDeal>) return reduce_update(c, a);
            else if constexpr (std::is_same_v<T, MoveDeal>) return reduce_move(c, a);
            else if constexpr (std::is_same_v<T, MarkWon>) return reduce_status(c, a.deal_id, DealStatus::Won, "");
            else if constexpr (std::is_same_v<T, MarkLost>) return reduce_status(c, a.deal_id, DealStatus::Lost, a.reason);
            else if constexpr (std::is_same_v<T, ReopenDeal>) return reduce_status(c, a.deal_id, DealStatus::Open, "");
            else if constexpr (std::is_same_v<T, DeleteDeal>) return reduce_delete(c, a);
            else if constexpr (std::is_same_v<T, SetFramework>)
                return edit_deal(c, a.deal_id, [&](Deal& d) { d.framework_id = a.framework_id; return true; });
            else if constexpr (std::is_same_v<T, SetCriterion>) return reduce_set_criterion(c, a);
            else if constexpr (std::is_same_v<T, LogActivity>) return reduce_log_activity(c, a);
            else if constexpr (std::is_same_v<T, ScheduleNext>)
                return text_ok(a.next.note, kMaxNotes, "note", c.error) &&
                       edit_deal(c, a.deal_id, [&](Deal& d) { d.next = a.next; return true; });
            else if constexpr (std::is_same_v<T, SetPriority>)
                return ((a.priority >= 0 && a.priority <= 2) || c.fail(Text("error.priority_range"))) &&
                       edit_deal(c, a.deal_id, [&](Deal& d) { d.priority = a.priority; return true; });
            else if constexpr (std::is_same_v<T, Disqualify>) return reduce_disqualify(c, a);
            else if constexpr (std::is_same_v<T, RestoreDeal>) return reduce_restore(c, a);
            else if constexpr (std::is_same_v<T, SetPipelineFramework>) return reduce_set_pipeline_framework(c, a);
            else if constexpr (std::is_same_v<T, AddPipeline>) return reduce_add_pipeline(c, a);
            else if constexpr (std::is_same_v<T, RenamePipeline>) return reduce_rename_pipeline(c, a);
            else if constexpr (std::is_same_v<T, DeletePipeline>) return reduce_delete_pipeline(c, a);
            else if constexpr (std::is_same_v<T, AddStage>) return reduce_add_stage(c, a);
            else if constexpr (std::is_same_v<T, UpdateStage>) return reduce_update_stage(c, a);
            else if constexpr (std::is_same_v<T, MoveStage>) return reduce_move_stage(c, a);
            else if constexpr (std::is_same_v<T, DeleteStage>) return reduce_delete_stage(c, a);
            else if constexpr (std::is_same_v<T, SetUsers>) return reduce_set_users(c, a);
            else if constexpr (std::is_same_v<T, SetSettings>) return reduce_set_settings(c, a);
            else if constexpr (std::is_same_v<T, SetQuota>) return reduce_set_quota(c, a);
            else if constexpr (std::is_same_v<T, SetExchangeRates>) return reduce_set_exchange_rates(c, a);
            else if constexpr (std::is_same_v<T, SetDealFit>)
                return detail(validate_deal_fit(a.org, a.win_probability, other), other, refusal) &&
                       edit_deal(c, a.deal_id, [&](Deal& d) { d.org = a.org; d.win_probability = a.win_probability; return true; });
            else if constexpr (std::is_same_v<T, ReplaceWorkspace>) return reduce_replace(c, a);
            else if constexpr (std::is_same_v<T, AddUser>) return reduce_add_user(ws, a, ids, out, refusal);
            else if constexpr (std::is_same_v<T, UpdateUser>) return reduce_update_user(ws, a, out, refusal);
            else if constexpr (std::is_same_v<T, RemoveUser>) return reduce_remove_user(ws, a, now, out, refusal);
            else if constexpr (std::is_same_v<T, SetAssignRule>) return reduce_set_assign_rule(ws, a, out, refusal);
            else if constexpr (std::is_same_v<T, ImportDeals>) return reduce_import_deals(c, a);
            else if constexpr (std::is_same_v<T, ApplyMerge>) return reduce_apply_merge(c, a);
            else if constexpr (std::is_same_v<T, ApplyRemoteChanges>) return detail(reduce_apply_remote(ws, a, now, out, other), other, refusal);
            else return reduce_bulk_edit(ws, a, now, out, refusal);
        },
        action);
    if (!ok) out = Change{};
    // Revisions, field stamps and tombstones of every change, in this one place (core/merge.h).
    // Changes from another tab already carry the revisions that tab gave them.
    if (ok && !std::holds_alternative<ReplaceWorkspace>(action) && !std::holds_alternative<ApplyMerge>(action) &&
        !std::holds_alternative<ApplyRemoteChanges>(action))
        record_revisions(ws, out, now, ids);
    // Core holds no sentences: `error` gets the message's key, `error_text` the whole message.
    // A refusal passed through from a check that still says it in one string is that string.
    if (!ok) {
        error = refusal.key == "error.detail" && !refusal.args.empty() ? refusal.args[0].value : refusal.key;
        if (error_text) *error_text = refusal;
    }
    return ok;
}

void deal_enter_stage(Deal& d, const std::string& pipeline_id, const std::string& stage_id, Time now) {
    enter_stage(d, pipeline_id, stage_id, now);
}

static void put_deal(Workspace& ws, const Deal& d) {
    auto it = ws.deal_index.find(d.id);
    if (it != ws.deal_index.end()) {
        ws.deals[it->second] = d;
    } else {
        ws.deal_index[d.id] = ws.deals.size();
        ws.deals.push_back(d);
    }
}

static void remove_deal(Workspace& ws, const std::string& id) {
    auto it = ws.deal_index.find(id);
    if (it == ws.deal_index.end()) return;
    size_t pos = it->second, last = ws.deals.size() - 1;
    ws.deal_index.erase(it);
    if (pos != last) {
        ws.deals[pos] = std::move(ws.deals[last]);
        ws.deal_index[ws.deals[pos].id] = pos;
    }
    ws.deals.pop_back();
}

void apply_change(Workspace& ws, const Change& ch, bool forward) {
    if (ch.meta_changed) {
        const Meta& m = forward ? ch.meta_after : ch.meta_before;
        ws.pipelines = m.pipelines;
        ws.users = m.users;
        ws.settings = m.settings;
        ws.tombstones = m.tombstones;
    }
    if (ch.replaces_all()) {
        ws.deals = forward ? *ch.all_after : *ch.all_before;
        ws.rebuild_index();
    }
    // Undo walks the deal changes backwards so a deal touched twice ends at its first image.
    size_t n = ch.deals.size();
    for (size_t k = 0; k < n; ++k) {
        const DealChange& dc = ch.deals[forward ? k : n - 1 - k];
        const std::optional<Deal>& img = forward ? dc.after : dc.before;
        if (img) put_deal(ws, *img);
        else remove_deal(ws, dc.id);
    }
}

}  // namespace kariz
