// Readable right-to-left text in ImGui text fields (text_field.h).
#include "text_field.h"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <vector>

#include "app.h"
#include "bidi.h"
#include "i18n.h"
#include "item_rects.h"

namespace kariz {

namespace {

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t end = s.find('\n', start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

void draw_lines(ImDrawList* dl, const std::vector<std::string>& lines, ImVec2 top_left, float right, float pad, ImU32 colour) {
    float y = top_left.y;
    for (const std::string& line : lines) {
        float w = ImGui::CalcTextSize(line.c_str()).x;
        bool rtl = ui_rtl() || is_rtl_paragraph(line);
        dl->AddText(ImVec2(rtl ? right - pad - w : top_left.x + pad, y), colour, line.c_str());
        y += ImGui::GetTextLineHeight();
    }
}

// Called right after the ImGui field: its frame is the last item's navigation rectangle.
void shaped_overlay(const std::string& text, bool multiline) {
    if (text.empty()) return;
    const std::string& once = shown(text);
    if (once == text) return;  // nothing right to left or joined: ImGui already draws it right
    const ImRect frame = GImGui->LastItemData.NavRect;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float pad = st.FramePadding.x, width = frame.GetWidth() - 2 * pad;
    std::vector<std::string> lines = multiline ? split_lines(wrapped_visual(text, width)) : std::vector<std::string>{once};
    if (!ImGui::IsItemActive()) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImU32 bg = ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg);
        dl->AddRectFilled(ImVec2(frame.Min.x + 1, frame.Min.y + 1), ImVec2(frame.Max.x - 1, frame.Max.y - 1), bg, st.FrameRounding);
        dl->PushClipRect(frame.Min, frame.Max, true);
        draw_lines(dl, lines, ImVec2(frame.Min.x, frame.Min.y + st.FramePadding.y), frame.Max.x, pad, ImGui::GetColorU32(ImGuiCol_Text));
        dl->PopClipRect();
        return;
    }
    // Being edited: the shaped words under the field, the last four lines of a long text.
    const size_t kMaxLines = 4;
    if (lines.size() > kMaxLines) lines.erase(lines.begin(), lines.end() - kMaxLines);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const float h = ImGui::GetTextLineHeight() * (float)lines.size() + 2 * st.FramePadding.y;
    ImVec2 a(frame.Min.x, frame.Max.y + 2), b(frame.Max.x, frame.Max.y + 2 + h);
    dl->AddRectFilled(a, b, IM_COL32(255, 251, 230, 255), st.FrameRounding);
    dl->AddRect(a, b, IM_COL32(214, 190, 120, 255), st.FrameRounding);
    draw_lines(dl, lines, ImVec2(a.x, a.y + st.FramePadding.y), b.x, pad, IM_COL32(30, 30, 40, 255));
    rects_record("field:shaped-preview", a.x, a.y, b.x - a.x, b.y - a.y);
}

}  // namespace

bool ui_input_text(const char* label, std::string* text, ImGuiInputTextFlags flags) {
    bool changed = ImGui::InputText(label, text, flags);
    if (!(flags & ImGuiInputTextFlags_Password)) shaped_overlay(*text, false);
    return changed;
}

bool ui_input_text_hint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags) {
    bool changed = ImGui::InputTextWithHint(label, hint, text, flags);
    shaped_overlay(*text, false);
    return changed;
}

bool ui_input_multiline(const char* label, std::string* text, const ImVec2& size, ImGuiInputTextFlags flags) {
    bool changed = ImGui::InputTextMultiline(label, text, size, flags);
    shaped_overlay(*text, true);
    return changed;
}

}  // namespace kariz
