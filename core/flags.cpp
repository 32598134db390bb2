#include "flags.h"
#include "dates.h"

namespace kariz {

int unanswered_streak(const Deal& d) {
    int n = 0;
    for (auto it = d.activities.rbegin(); it != d.activities.rend(); ++it) {
        if (it->kind == ActivityKind::Note) continue;  // notes are not touches
        if (!it->outgoing || it->answered) break;
        ++n;
    }
    return n;
}

int rotting_days_over(const Stage& s, const Deal& d, Time now) {
    if (s.rotting_days <= 0 || d.status != DealStatus::Open) return 0;
    int days = days_between(d.stage_entered_at, now);
    return days > s.rotting_days ? days - s.rotting_days : 0;
}

static const char* kFieldKeys[][2] = {{"field:organization", "Organization"}, {"field:contact.name", "Contact person"},
                                      {"field:contact.email", "Contact email"}, {"field:contact.phone", "Contact phone"},
                                      {"field:value", "Deal value"},            {"field:expected_close", "Expected close date"}};

std::string exit_criterion_label(const std::vector<Framework>& fs, const std::string& key) {
    for (const auto& f : kFieldKeys)
        if (key == f[0]) return f[1];
    if (key.rfind("criterion:", 0) == 0) {
        std::string id = key.substr(10);
        for (const Framework& f : fs)
            for (const Criterion& c : f.criteria)
                if (c.id == id) return c.name;
        return id;
    }
    return key;
}

// Field criteria by their catalogue key ("field:contact.email" -> flag.field.contact_email); a
// framework criterion's name is data (assets/frameworks.json) and is shown as it is.
Text exit_criterion_text(const std::vector<Framework>& fs, const std::string& key) {
    static const char* kFieldText[][2] = {{"field:organization", "flag.field.organization"},
                                          {"field:contact.name", "flag.field.contact_name"},
                                          {"field:contact.email", "flag.field.contact_email"},
                                          {"field:contact.phone", "flag.field.contact_phone"},
                                          {"field:value", "flag.field.value"},
                                          {"field:expected_close", "flag.field.expected_close"}};
    for (const auto& f : kFieldText)
        if (key == f[0]) return Text(f[1]);
    std::string name = key;
    if (key.rfind("criterion:", 0) == 0) {
        name = key.substr(10);
        for (const Framework& f : fs)
            for (const Criterion& c : f.criteria)
                if (c.id == name) name = c.name;
    }
    return Text("flag.criterion_name", {name});
}

bool exit_criterion_met(const Deal& d, const std::string& key) {
    if (key == "field:organization") return !d.organization.empty();
    if (key == "field:contact.name") return !d.contact.name.empty();
    if (key == "field:contact.email") return !d.contact.email.empty();
    if (key == "field:contact.phone") return !d.contact.phone.empty();
    if (key == "field:value") return d.value > 0;
    if (key == "field:expected_close") return !d.expected_close.empty();
    if (key.rfind("criterion:", 0) == 0) return criterion_state(d, key.substr(10)) == CriterionState::Met;
    return true;  // an unknown key cannot be checked, so it never warns
}

std::vector<ExitCheck> missing_exit_criteria(const std::vector<Framework>& fs, const Deal& d, const Stage& s) {
    std::vector<ExitCheck> out;
    for (const std::string& key : s.exit_criteria)
        if (!exit_criterion_met(d, key)) out.push_back({key, exit_criterion_text(fs, key)});
    return out;
}

std::vector<ExitCheck> unmet_when_moving(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d,
                                         const std::string& target_stage_id) {
    std::vector<ExitCheck> out;
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    if (!p) return out;
    int from = stage_position(*p, d.stage_id), to = stage_position(*p, target_stage_id);
    if (from < 0 || to <= from) return out;
    for (int i = from; i < to; ++i)
        for (const ExitCheck& c : missing_exit_criteria(fs, d, p->stages[i])) {
            bool seen = false;
            for (const ExitCheck& x : out) seen = seen || x.key == c.key;
            if (!seen) out.push_back(c);
        }
    return out;
}

std::vector<Flag> deal_flags(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d, Time now) {
    std::vector<Flag> flags;
    if (d.status != DealStatus::Open) return flags;
    int streak = unanswered_streak(d);
    if (streak >= ws.settings.gone_dark_touches)
        flags.push_back({FlagKind::GoneDark, Text::counted("flag.gone_dark", streak), Text("flag.gone_dark_action"), 0, {}});
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    const Stage* s = p ? find_stage(*p, d.stage_id) : nullptr;
    if (s) {
        if (int over = rotting_days_over(*s, d, now))
            flags.push_back({FlagKind::Rotting, Text::counted("flag.rotting", over + s->rotting_days, {s->name, s->rotting_days}),
                             Text("flag.rotting_action"), over, {}});
        std::vector<ExitCheck> missing = missing_exit_criteria(fs, d, *s);
        if (!missing.empty()) {
            std::vector<Text> items;
            for (const ExitCheck& c : missing) items.push_back(c.label);
            flags.push_back({FlagKind::MissingKnowledge, Text("flag.missing_knowledge", {s->name}),
                             Text("flag.missing_knowledge_action"), 0, items});
        }
    }
    if (d.next.due != 0 && d.next.due < now && format_date(d.next.due) != format_date(now)) {
        TextArg due(format_date(d.next.due));
        due.number = true;  // "2026-11-20" in the language's digits
        flags.push_back({FlagKind::Overdue, Text(std::string("flag.overdue.") + to_string(d.next.kind), {due}),
                         Text("flag.overdue_action"), days_between(d.next.due, now), {}});
    }
    return flags;
}

const char* const kDefaultGoodbyeTemplate =
    "Hello [customer name],\n\nWe hope you are well. We have been waiting to hear from you for a while and have had no "
    "reply, so we assume your priorities have changed or you chose another path. If we can help in future we will gladly "
    "be at your service.\n\nRegards,\n[seller name]\n[brand name]";

static void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
}

std::string fill_goodbye_email(const Workspace& ws, const Deal& d, const std::string& built_in) {
    std::string text = ws.settings.goodbye_template.empty() ? built_in : ws.settings.goodbye_template;
    // A missing value falls back to something a customer can read, never an empty gap.
    std::string customer = !d.contact.name.empty() ? d.contact.name : !d.organization.empty() ? d.organization : "there";
    const User* owner = ws.find_user(d.owner_id);
    std::string seller = owner ? owner->name : "";
    std::string brand = ws.settings.company_name;
    replace_all(text, "[customer name]", customer);
    replace_all(text, "[seller name]", seller);
    replace_all(text, "[brand name]", brand);
    return text;
}

static std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                     c == '.' || c == '~' || c == '@';
        if (plain) out += (char)c;
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

std::string mailto_link(const std::string& to, const std::string& subject, const std::string& body) {
    return "mailto:" + percent_encode(to) + "?subject=" + percent_encode(subject) + "&body=" + percent_encode(body);
}

}  // namespace kariz
