// Qualification frameworks (BANT, CHAMP, MEDDIC, GPCTBA/C&I) are data in assets/frameworks.json;
// a deal answers each criterion unknown / met / not met with a note.
#pragma once
#include <string>
#include <vector>
#include "model.h"

namespace kariz {

struct Criterion {
    std::string id;
    std::string name;
    std::vector<std::string> questions;
};

struct Framework {
    std::string id;
    std::string name;
    std::string description;
    std::vector<Criterion> criteria;
};

// {"format": "kariz.frameworks", "version": 1, "frameworks": [{"id","name","description","criteria":[{"id","name","questions":[]}]}]}
bool read_frameworks(const std::string& text, std::vector<Framework>& out, std::string& error);

const Framework* find_framework(const std::vector<Framework>& fs, const std::string& id);
// The framework a deal is qualified with: its own choice, else its pipeline's.
const Framework* deal_framework(const std::vector<Framework>& fs, const Workspace& ws, const Deal& d);
CriterionState criterion_state(const Deal& d, const std::string& criterion_id);

struct QualificationProgress {
    int met = 0;
    int not_met = 0;
    int total = 0;
    bool qualified() const { return total > 0 && met == total; }  // BANT: all four met
};
QualificationProgress qualification_progress(const Framework& f, const Deal& d);

}  // namespace kariz
