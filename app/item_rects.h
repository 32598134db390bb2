// Screen rectangles of named items, recorded while a frame is built. The browser tests ask for
// them ("card:<deal id>", "column:<stage id>", "button:new-deal") to press real mouse events where
// a person would. Rectangles are in framebuffer pixels, as ImGui sees them.
#pragma once
#include <string>
#include <unordered_map>

namespace kariz {

struct ItemRect { float x = 0, y = 0, w = 0, h = 0; };

void rects_begin_frame();  // the previous frame's rectangles become the answerable set
void rects_record(const std::string& name, float x, float y, float w, float h);
void rects_record_last_item(const std::string& name);  // the last ImGui item
bool rects_find(const std::string& name, ItemRect& out);

}  // namespace kariz
