// Who becomes responsible for a deal that arrives on its own (domain.md §1: deals that arrive land
// in Unsorted "with a responsible seller"). The manager picks the rule in Settings: nobody, a fixed
// person, or round robin over the sellers in team order. Every import path calls assign_arrivals on
// the deals it brings before they join the board: snapshot import (app/app.cpp), CSV import and
// merge import, with the users and settings of the board the deals land on.
#pragma once
#include <string>
#include <vector>
#include "model.h"

namespace kariz {

const char* to_string(AssignMode m);  // "none", "fixed", "round_robin"
bool parse_assign_mode(const std::string& s, AssignMode& out);

// The owner the rule gives the next arriving deal; for round robin it moves settings.assign_last_id
// on to that seller. Empty when the rule is None, the fixed person no longer exists, or there is no
// seller to go round.
std::string next_assignee(const std::vector<User>& users, Settings& settings);

// True when the deal stands in its pipeline's Unsorted stage (stages[0]) without a known owner.
bool needs_assignee(const std::vector<User>& users, const std::vector<Pipeline>& pipelines, const Deal& d);

// Gives every deal of `deals` that needs_assignee an owner by the rule, in order; returns how many
// got one. `settings` keeps the round-robin position, so the next import goes on where this one ended.
size_t assign_arrivals(const std::vector<User>& users, const std::vector<Pipeline>& pipelines, Settings& settings,
                       std::vector<Deal>& deals);
// The same over a whole workspace that arrives (snapshot import).
size_t assign_arrivals(Workspace& ws);

}  // namespace kariz
