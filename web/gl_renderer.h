// Kariz's own WebGL2 renderer for Dear ImGui's draw data (replaces imgui_impl_opengl3).
// The stock backend saves and restores ~20 GL states with glGet*/glIs* around every frame so it
// can share a context with other code. In WebGL each getter is a synchronous round trip to the GPU
// process that waits for all queued work (with SwiftShader: software rendering of the previous
// frame), which cost ~125 ms a frame. Kariz owns its context, so this renderer only SETS state,
// never reads it back.
#pragma once

struct ImDrawData;

namespace kariz {

// Starts compiling the shaders and creates the buffers; call once after the GL context is current.
// Returns false if WebGL could not make them. Whether the shaders compiled is asked only after
// the first frames were drawn (asking waits for the GPU process; see check_program in the .cpp):
// if not, a message goes to the console and frames draw nothing but the clear colour.
bool gl_renderer_init();
// Call while nothing is drawn yet (the stored board is being read): checks the shaders if the
// browser can say without waiting that the GPU process has compiled them
// (KHR_parallel_shader_compile; SwiftShader, as in the tests here, lacks it).
void gl_renderer_prepare();
// (Re)uploads ImGui's font atlas; call after the fonts change (e.g. a new device pixel ratio).
void gl_renderer_upload_fonts();
// Clears the framebuffer to `clear_rgba` and draws `draw_data` into it, unless that would put the
// same pixels on screen as the last frame drawn. Returns whether it drew.
bool gl_renderer_render(ImDrawData* draw_data, int fb_width, int fb_height, const float clear_rgba[4]);

}  // namespace kariz
