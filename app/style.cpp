// Look and fonts. The font is DejaVu Sans from Debian (Latin, Cyrillic, Arabic and Persian
// letters; only the characters of assets/font-ranges.txt), rasterised at the device pixel ratio
// so text is crisp on high-DPI screens.
#include <imgui.h>
#include "app.h"

namespace kariz {

void app_setup_style(float scale, const char* font_path) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // assets/font-ranges.txt: the characters the font file was cut down to (CMakeLists.txt).
    static const ImWchar ranges[] = {
#include "font_ranges.inc"
        0,
    };
    // Only as tall as the glyphs need, not the next power of two: fewer bytes to upload.
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    if (!io.Fonts->AddFontFromFileTTF(font_path, 15.0f * scale, &cfg, ranges)) {
        ImFontConfig fallback;
        fallback.SizePixels = 13.0f * scale;
        io.Fonts->AddFontDefault(&fallback);
    }
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.ChildRounding = 6;
    style.FrameRounding = 4;
    style.PopupRounding = 6;
    style.GrabRounding = 4;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.WindowPadding = ImVec2(10, 10);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.93f, 0.94f, 0.96f, 1);
    style.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.98f, 0.98f, 0.99f, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(0.26f, 0.52f, 0.96f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.20f, 0.45f, 0.90f, 1);
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.15f, 0.38f, 0.80f, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.10f, 0.12f, 0.16f, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.96f, 0.97f, 0.99f, 1);
    style.Colors[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.85f, 1);
    style.FrameBorderSize = 1;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace kariz
