// Roles (domain.md §1): a seller sees and works only their own cards; a manager sees every card
// and may narrow the board to one or several sellers. These are views that keep each board focused,
// not access control: all data lives in the user's own browser.
#pragma once
#include <string>
#include <vector>
#include "model.h"

namespace kariz {

// Who looks at the board and, for a manager, which sellers they chose to see (empty: everyone).
struct Viewer {
    std::string user_id;  // empty: no team yet, everything is shown
    Role role = Role::Manager;
    std::vector<std::string> sellers;
};

// The current user: the device's choice when it names a user of the team; else the id an older
// snapshot carried in settings.current_user_id; else the first manager; else the first user.
// nullptr when the team is empty.
const User* resolve_current_user(const Workspace& ws, const std::string& device_choice);
Viewer make_viewer(const Workspace& ws, const std::string& device_choice, const std::vector<std::string>& seller_filter);

// The owners whose deals the board shows (BoardQuery::owner_ids): {me} for a seller, the chosen
// sellers for a manager, empty for everyone.
std::vector<std::string> visible_owners(const Viewer& v);
bool deal_visible(const Viewer& v, const Deal& d);
// Sellers edit only their own deals; managers edit all.
bool can_edit_deal(const Viewer& v, const Deal& d);

// "#rrggbb" -> 0xAABBGGRR as ImGui packs colours (alpha 255); false when malformed.
bool parse_colour(const std::string& hex, uint32_t& abgr);
// Two letters from the name ("Maryam Sadeghi" -> "MS"; one word -> its first two letters).
std::string initials_of(const std::string& name);

}  // namespace kariz
