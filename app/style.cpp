// Look and fonts. The font is DejaVu Sans from Debian (Latin, Cyrillic, Arabic and Persian
// letters), rasterised at the device pixel ratio so text is crisp on high-DPI screens.
#include <imgui.h>
#include "app.h"

namespace kariz {

void app_setup_style(float scale, const char* font_path) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin, Latin-1
        0x0100, 0x024F,  // Latin Extended-A/B
        0x0370, 0x03FF,  // Greek
        0x0400, 0x052F,  // Cyrillic
        0x0600, 0x06FF,  // Arabic (with the Persian letters)
        0x2000, 0x206F,  // General punctuation (ZWNJ, dashes, ellipsis)
        0x20A0, 0x20CF,  // Currency symbols
        0x2190, 0x21FF,  // Arrows
        0x25A0, 0x25FF,  // Geometric shapes
        0xFB50, 0xFDFF,  // Arabic presentation forms A
        0xFE70, 0xFEFF,  // Arabic presentation forms B
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
