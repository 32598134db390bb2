// Flags for deals that need attention (domain.md §3), each rule with its prescribed action:
//   gone dark  - N outgoing touches in a row with no answer   -> mark cold, send the goodbye email
//   rotting    - longer in the stage than its normal time      -> move it on or lower its priority
//   missing    - exit criteria of the stage not known yet      -> find them out before moving on
//   overdue    - the scheduled next activity is past due       -> do it or reschedule
#pragma once
#include <string>
#include <vector>
#include "messages.h"
#include "qualification.h"

namespace kariz {

enum class FlagKind { GoneDark, Rotting, MissingKnowledge, Overdue };

struct Flag {
    FlagKind kind;
    Text rule;          // flag.gone_dark: "Gone dark: 5 touches without an answer"
    Text action;        // flag.gone_dark_action: "Mark it cold and send the goodbye email"
    int days_over = 0;  // rotting: days past the stage's limit
    // Missing knowledge: what is not known yet. The rule's last argument ({1}) is this list, put
    // into words by the interface (a message cannot hold other messages): flag_rule_text() in app.h.
    std::vector<Text> items;
};

// Outgoing touches since the last answer (or incoming touch).
int unanswered_streak(const Deal& d);
// Days past the stage's rotting limit; 0 when within it or the stage never rots.
int rotting_days_over(const Stage& s, const Deal& d, Time now);

// Exit criteria: "criterion:<id>" (met in the deal's qualification) or "field:<name>" with
// name one of organization, contact.name, contact.email, contact.phone, value, expected_close.
struct ExitCheck {
    std::string key;
    Text label;  // flag.field.contact_email "Contact email"; a criterion's name (data) as it is
};
Text exit_criterion_text(const std::vector<Framework>& fs, const std::string& key);
// The same in English, one string. Left only for the knowledge report (core/reports.cpp, whose
// words are moved by its own change); it goes once that report takes exit_criterion_text().
std::string exit_criterion_label(const std::vector<Framework>& fs, const std::string& key);
bool exit_criterion_met(const Deal& d, const std::string& key);
std::vector<ExitCheck> missing_exit_criteria(const std::vector<Framework>& fs, const Deal& d, const Stage& s);
// Moving forward leaves the current stage and skips those in between: their unmet criteria.
// Moving backwards, or to another pipeline, checks nothing.
std::vector<ExitCheck> unmet_when_moving(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d,
                                         const std::string& target_stage_id);

std::vector<Flag> deal_flags(const Workspace& ws, const std::vector<Framework>& fs, const Deal& d, Time now);

// The goodbye ("breakup") email of domain.md §3 with [customer name], [brand name], [seller name].
extern const char* const kDefaultGoodbyeTemplate;
// `built_in` is used when the team has not written its own template (the interface passes the
// built-in text in the user's language).
std::string fill_goodbye_email(const Workspace& ws, const Deal& d, const std::string& built_in = kDefaultGoodbyeTemplate);
std::string mailto_link(const std::string& to, const std::string& subject, const std::string& body);

}  // namespace kariz
