// Text fields that stay readable with Arabic and Persian in them. ImGui's InputText draws the
// stored (logical) characters left to right, unjoined: fine for the caret and selection, unreadable
// for a person. These wrappers keep ImGui's editing exactly as it is and add the shaped words:
// - a field that is not being edited shows its text shaped and in visual order, drawn over the
//   raw glyphs (right-aligned when the paragraph or the interface is right to left);
// - the field being edited keeps the raw glyphs (the caret must match the stored characters) and
//   shows the same words shaped in a strip just under it, updated with every key.
// The stored string is never touched: shaping happens only in what is drawn.
#pragma once
#include <imgui.h>
#include <string>

namespace kariz {

bool ui_input_text(const char* label, std::string* text, ImGuiInputTextFlags flags = 0);
bool ui_input_text_hint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags = 0);
bool ui_input_multiline(const char* label, std::string* text, const ImVec2& size = ImVec2(0, 0), ImGuiInputTextFlags flags = 0);

}  // namespace kariz
