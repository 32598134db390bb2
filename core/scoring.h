// Lead score 0-100 (domain.md §2, source 002: "give each lead points so the relative value of every
// lead in the pipeline is visible") from weighted terms the team edits in Settings (ScoreWeights):
// ICP fit, qualification progress, replies and silence, source, value. Each term comes back with
// its points and the words that explain it, so the card and the editor can say why a lead is hot.
// Time is passed in. Cheap per deal (no allocation beyond the explanation), but still never run
// for every deal on every frame: the board scores only the cards it shows and caches the result
// per store revision and clock minute (app/score_views.cpp).
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "icp.h"
#include "messages.h"
#include "qualification.h"

namespace kariz {

enum class ScoreHeat { Cold, Warm, Hot };

struct ScoreTerm {
    int points = 0;
    Text text;  // score.icp_fit {3, 4}: "ICP fit 3/4"; score.silent {14}: "no reply in 14 days"
};

struct DealScore {
    int score = 0;  // the sum of the terms, clamped to 0..100
    ScoreHeat heat = ScoreHeat::Cold;
    std::vector<ScoreTerm> terms;  // one per term with a non-zero weight
};

DealScore score_deal(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d, Time now);
ScoreHeat score_heat(const ScoreWeights& w, int score);
const char* to_string(ScoreHeat h);  // "hot", "warm", "cold": an id, the views say it in words
// "+30 ICP fit 4/4, +23 BANT 3/4, -10 no reply in 14 days", each term put into words by `words`
// (the interface's tr_plain, or a catalogue in tests).
std::string explain_score(const DealScore& s, const std::function<std::string(const Text&)>& words);
std::string signed_points(int points);  // "+30", "-10", "+0"

// Replies: incoming touches and outgoing ones that were answered.
int replies_since(const Deal& d, Time since);
Time last_reply(const Deal& d);  // 0 when never

// The win probability after first contact (domain.md §2, source 002): the team's estimate when
// one is set on the deal, else the stage's probability. The board's weighted totals use it.
int deal_win_probability(const Deal& d, const Stage& s);

}  // namespace kariz

namespace kariz {
// Checks shared by the reducer and the snapshot reader; false with `error` saying what is wrong.
bool validate_deal_fit(const OrgFacts& org, int win_probability, std::string& error);
bool validate_scoring_settings(const Settings& s, std::string& error);
}  // namespace kariz
