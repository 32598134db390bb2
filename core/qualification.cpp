#include "qualification.h"
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace kariz {

using json = nlohmann::json;

static bool text_at(const json& obj, const char* key, const std::string& where, std::string& out, std::string& error) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        error = where + "." + key + ": expected a non-empty string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool read_frameworks(const std::string& text, std::vector<Framework>& out, std::string& error) {
    json root = json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) { error = "frameworks file is not valid JSON"; return false; }
    if (root.value("format", "") != "kariz.frameworks") { error = "format: expected \"kariz.frameworks\""; return false; }
    auto list = root.find("frameworks");
    if (list == root.end() || !list->is_array()) { error = "frameworks: expected an array"; return false; }
    std::vector<Framework> result;
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < list->size(); ++i) {
        const json& f = (*list)[i];
        std::string at = "frameworks[" + std::to_string(i) + "]";
        Framework fw;
        if (!f.is_object() || !text_at(f, "id", at, fw.id, error) || !text_at(f, "name", at, fw.name, error)) {
            if (!f.is_object()) error = at + ": expected an object";
            return false;
        }
        if (!ids.insert(fw.id).second) { error = at + ".id: duplicate id \"" + fw.id + "\""; return false; }
        auto desc = f.find("description");
        if (desc != f.end() && desc->is_string()) fw.description = desc->get<std::string>();
        auto crit = f.find("criteria");
        if (crit == f.end() || !crit->is_array() || crit->empty()) { error = at + ".criteria: expected a non-empty array"; return false; }
        for (size_t k = 0; k < crit->size(); ++k) {
            const json& c = (*crit)[k];
            std::string cat = at + ".criteria[" + std::to_string(k) + "]";
            Criterion cr;
            if (!c.is_object() || !text_at(c, "id", cat, cr.id, error) || !text_at(c, "name", cat, cr.name, error)) {
                if (!c.is_object()) error = cat + ": expected an object";
                return false;
            }
            auto qs = c.find("questions");
            if (qs != c.end() && qs->is_array())
                for (const json& q : *qs)
                    if (q.is_string()) cr.questions.push_back(q.get<std::string>());
            fw.criteria.push_back(std::move(cr));
        }
        result.push_back(std::move(fw));
    }
    out = std::move(result);
    return true;
}

const Framework* find_framework(const std::vector<Framework>& fs, const std::string& id) {
    for (const Framework& f : fs)
        if (f.id == id) return &f;
    return nullptr;
}

const Framework* deal_framework(const std::vector<Framework>& fs, const Workspace& ws, const Deal& d) {
    if (!d.framework_id.empty())
        if (const Framework* f = find_framework(fs, d.framework_id)) return f;
    const Pipeline* p = ws.find_pipeline(d.pipeline_id);
    if (p)
        if (const Framework* f = find_framework(fs, p->framework_id)) return f;
    return fs.empty() ? nullptr : &fs.front();
}

CriterionState criterion_state(const Deal& d, const std::string& criterion_id) {
    for (const CriterionAnswer& a : d.criteria)
        if (a.id == criterion_id) return a.state;
    return CriterionState::Unknown;
}

QualificationProgress qualification_progress(const Framework& f, const Deal& d) {
    QualificationProgress p;
    p.total = (int)f.criteria.size();
    for (const Criterion& c : f.criteria) {
        CriterionState s = criterion_state(d, c.id);
        p.met += s == CriterionState::Met;
        p.not_met += s == CriterionState::NotMet;
    }
    return p;
}

}  // namespace kariz
