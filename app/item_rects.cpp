#include "item_rects.h"
#include <imgui.h>

namespace kariz {

static std::unordered_map<std::string, ItemRect> g_building, g_last_frame;

void rects_begin_frame() {
    g_last_frame.swap(g_building);
    g_building.clear();
}

void rects_record(const std::string& name, float x, float y, float w, float h) {
    // Only what is on screen: clipped-away items have no place a person could click.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (x + w < 0 || y + h < 0 || x > display.x || y > display.y) return;
    g_building[name] = ItemRect{x, y, w, h};
}

void rects_record_last_item(const std::string& name) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    // Clip to the window so a half-hidden card reports only its visible part.
    a.x = a.x < clip_min.x ? clip_min.x : a.x;
    a.y = a.y < clip_min.y ? clip_min.y : a.y;
    b.x = b.x > clip_max.x ? clip_max.x : b.x;
    b.y = b.y > clip_max.y ? clip_max.y : b.y;
    if (b.x <= a.x || b.y <= a.y) return;
    rects_record(name, a.x, a.y, b.x - a.x, b.y - a.y);
}

bool rects_find(const std::string& name, ItemRect& out) {
    auto it = g_last_frame.find(name);
    if (it == g_last_frame.end()) return false;
    out = it->second;
    return true;
}

}  // namespace kariz
