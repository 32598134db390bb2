// Look and fonts. The font is DejaVu Sans from Debian (Latin, Cyrillic, Arabic and Persian
// letters; only the characters of assets/font-ranges.txt), rasterised at the device pixel ratio
// so text is crisp on high-DPI screens. The built atlas can be kept and restored (font_atlas.h);
// app_font_atlas_key names everything here that the build reads.
#include <imgui.h>
#include <cstdio>
#include "app.h"
#include "font_atlas.h"

namespace kariz {

namespace {
// assets/font-ranges.txt: the characters the font file was cut down to (CMakeLists.txt).
const ImWchar kRanges[] = {
#include "font_ranges.inc"
    0,
};
const float kFontPixels = 15.0f;
const int kOversampleH = 2, kOversampleV = 1;
}  // namespace

void app_add_font(float scale, const std::string& font_bytes) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    // Only as tall as the glyphs need, not the next power of two: fewer bytes to upload.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    ImFontConfig cfg;
    cfg.OversampleH = kOversampleH;
    cfg.OversampleV = kOversampleV;
    cfg.FontDataOwnedByAtlas = false;  // the caller keeps the bytes
    if (font_bytes.empty() ||
        !atlas.AddFontFromMemoryTTF((void*)font_bytes.data(), (int)font_bytes.size(), kFontPixels * scale, &cfg, kRanges)) {
        ImFontConfig fallback;
        fallback.SizePixels = 13.0f * scale;
        atlas.AddFontDefault(&fallback);
    }
}

std::string app_font_atlas_key(float scale, const std::string& font_bytes) {
    if (font_bytes.empty()) return {};  // the built-in fallback font: not worth keeping
    const uint64_t ranges = font_atlas_digest(std::string_view((const char*)kRanges, sizeof kRanges));
    char settings[128];
    std::snprintf(settings, sizeof settings, "%.3fpx, oversample %dx%d, no pow2 height, ranges %016llx", kFontPixels * scale,
                  kOversampleH, kOversampleV, (unsigned long long)ranges);
    return font_atlas_key(font_bytes, settings);
}

void app_setup_style(float scale) {
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
