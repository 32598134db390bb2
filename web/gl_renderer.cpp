// See gl_renderer.h for why this exists. Every frame sets the few states it needs (cheap, queued
// calls) instead of querying and restoring them (each query stalls on the GPU process).
#include "gl_renderer.h"
#include <GLES3/gl3.h>
#include <emscripten/html5_webgl.h>
#include <imgui.h>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <cstdio>

namespace kariz {

namespace {
GLuint g_program = 0, g_vao = 0, g_vbo = 0, g_ebo = 0, g_font_texture = 0;
uint64_t g_drawn_signature = 0;  // of the last frame drawn (see frame_signature)
bool g_drawn_any = false;        // false: the next frame draws whatever it is

const char* kVertexShader =
    "#version 300 es\n"
    "precision highp float;\n"
    "layout (location = 0) in vec2 Position;\n"
    "layout (location = 1) in vec2 UV;\n"
    "layout (location = 2) in vec4 Color;\n"
    "layout (location = 3) in vec4 Display;\n"  // left, top, right, bottom: see kDisplayAttribute
    "out vec2 Frag_UV;\n"
    "out vec4 Frag_Color;\n"
    "void main() {\n"
    "    Frag_UV = UV;\n"
    "    Frag_Color = Color;\n"
    "    vec2 size = Display.zw - Display.xy;\n"
    "    vec2 unit = (Position.xy - Display.xy) / size;\n"  // 0..1 across the display, y down
    "    gl_Position = vec4(unit.x * 2.0 - 1.0, 1.0 - unit.y * 2.0, 0, 1);\n"
    "}\n";

const char* kFragmentShader =
    "#version 300 es\n"
    "precision mediump float;\n"
    "uniform sampler2D Texture;\n"  // never set: a sampler starts on texture unit 0, the one used
    "in vec2 Frag_UV;\n"
    "in vec4 Frag_Color;\n"
    "layout (location = 0) out vec4 Out_Color;\n"
    "void main() {\n"
    "    Out_Color = Frag_Color * vec4(1.0, 1.0, 1.0, texture(Texture, Frag_UV.st).r);\n"
    "}\n";

GLuint compile_shader(GLenum type, const char* source) {
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    return shader;
}

// The shaders have no uniforms to look up: the display rectangle comes in as a constant vertex
// attribute (glVertexAttrib4f, a queued call) and the sampler keeps its default unit. Looking up
// a uniform is a query, and every query waits for the GPU process (issue 7).
const GLuint kDisplayAttribute = 3;

// Compile and link status are queries too, so they are asked only once the program has been used
// for a while: kCheckAfterFrames frames after the first one drawn (about half a second), or as
// soon as KHR_parallel_shader_compile says the program is done (asking that does not wait). Asked
// before the first frame, they waited for the GPU process to compile the shaders and to finish
// the frames it was rendering (here, with SwiftShader in headless Chromium, 40-60 ms of a new
// tab's first frame); later, the GPU process has long finished. A program that failed draws
// nothing (WebGL refuses it) until it is found out, then frames show only the clear colour.
const int kCheckAfterFrames = 30;
GLuint g_vertex_shader = 0, g_fragment_shader = 0;
enum class ProgramState { Unchecked, Ok, Failed };
ProgramState g_program_state = ProgramState::Unchecked;
bool g_can_poll_program = false;  // KHR_parallel_shader_compile: "done yet?" without waiting
int g_frames_since_first_draw = -1;  // -1: nothing drawn yet

bool shader_compiled(GLuint shader, const char* what) {
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok) return true;
    char log[1024] = {0};
    glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
    std::fprintf(stderr, "Kariz renderer: the %s shader did not compile: %s\n", what, log);
    return false;
}

void check_program() {
    bool vertex_ok = shader_compiled(g_vertex_shader, "vertex");  // both logged if both fail
    bool fragment_ok = shader_compiled(g_fragment_shader, "fragment");
    glDeleteShader(g_vertex_shader);
    glDeleteShader(g_fragment_shader);
    GLint linked = 0;
    glGetProgramiv(g_program, GL_LINK_STATUS, &linked);
    if (vertex_ok && fragment_ok && linked) {
        g_program_state = ProgramState::Ok;
        return;
    }
    std::fprintf(stderr, "Kariz renderer: the shader program did not link\n");
    g_program_state = ProgramState::Failed;
}

bool program_done_without_waiting() {
    if (!g_can_poll_program) return false;
    const GLenum kCompletionStatus = 0x91B1;  // GL_COMPLETION_STATUS_KHR
    GLint done = 0;
    glGetProgramiv(g_program, kCompletionStatus, &done);
    return done != 0;
}

// Points the three vertex attributes at `first_vertex` of the bound vertex buffer. WebGL2 has no
// glDrawElementsBaseVertex, so ImDrawCmd::VtxOffset (meshes over 64K vertices) is honoured by
// moving the attribute pointers instead.
void point_attributes(unsigned int first_vertex) {
    size_t base = (size_t)first_vertex * sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)(base + offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)(base + offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)(base + offsetof(ImDrawVert, col)));
}
}  // namespace

bool gl_renderer_init() {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "kariz_webgl2";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;

    // Enabled before compiling: then asking whether the program is ready does not wait (see
    // gl_renderer_prepare). Browsers without it get the status at the first frame drawn.
    g_can_poll_program = emscripten_webgl_enable_extension(emscripten_webgl_get_current_context(), "KHR_parallel_shader_compile");
    g_vertex_shader = compile_shader(GL_VERTEX_SHADER, kVertexShader);
    g_fragment_shader = compile_shader(GL_FRAGMENT_SHADER, kFragmentShader);
    g_program = glCreateProgram();
    if (!g_vertex_shader || !g_fragment_shader || !g_program) return false;
    glAttachShader(g_program, g_vertex_shader);
    glAttachShader(g_program, g_fragment_shader);
    glBindAttribLocation(g_program, 0, "Position");
    glBindAttribLocation(g_program, 1, "UV");
    glBindAttribLocation(g_program, 2, "Color");
    glBindAttribLocation(g_program, kDisplayAttribute, "Display");
    glLinkProgram(g_program);  // checked later, see check_program

    glGenVertexArrays(1, &g_vao);
    glGenBuffers(1, &g_vbo);
    glGenBuffers(1, &g_ebo);
    // The element buffer binding is part of the VAO, so it is bound once here.
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_ebo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    point_attributes(0);
    return true;
}

void gl_renderer_prepare() {
    if (g_program_state == ProgramState::Unchecked && program_done_without_waiting()) check_program();
}

void gl_renderer_upload_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    // One byte a pixel (the glyphs' coverage; the shader makes it white with that alpha): a
    // quarter of the RGBA atlas ImGui would make, so no conversion pass here and a quarter of the
    // bytes through the GPU process while the board is read (issue 7).
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    if (g_font_texture) glDeleteTextures(1, &g_font_texture);
    glGenTextures(1, &g_font_texture);
    glBindTexture(GL_TEXTURE_2D, g_font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)g_font_texture);
    g_drawn_any = false;  // a new atlas may reuse the old texture's name
}

// What a frame would put on screen: every vertex, index and draw command, the display rectangle,
// the framebuffer size and the clear colour, folded into 64 bits. Reading ~300 kB of draw data
// costs about 0.1 ms; drawing it costs the GPU far more (with SwiftShader, a software renderer,
// 60-140 ms a frame here), and queued frames delay the next page's start: closing or reloading
// the tab waits for them (issue 7: half of a reload's 550 ms was this wait).
static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}
static uint64_t mix_bytes(uint64_t h, const void* data, size_t size) {
    const unsigned char* p = (const unsigned char*)data;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = mix(h, w);
    }
    uint64_t tail = 0;
    memcpy(&tail, p + i, size - i);
    return mix(mix(h, tail), size);
}
static uint64_t frame_signature(const ImDrawData* d, int fb_width, int fb_height, const float clear_rgba[4]) {
    uint64_t h = mix(mix(0, (uint64_t)fb_width), (uint64_t)fb_height);
    h = mix_bytes(h, clear_rgba, 4 * sizeof(float));
    h = mix(h, (uint64_t)g_font_texture);
    if (!d) return h;
    const float display[6] = {d->DisplayPos.x, d->DisplayPos.y, d->DisplaySize.x, d->DisplaySize.y, d->FramebufferScale.x, d->FramebufferScale.y};
    h = mix_bytes(h, display, sizeof display);
    for (int n = 0; n < d->CmdListsCount; n++) {
        const ImDrawList* list = d->CmdLists[n];
        h = mix_bytes(h, list->VtxBuffer.Data, (size_t)list->VtxBuffer.Size * sizeof(ImDrawVert));
        h = mix_bytes(h, list->IdxBuffer.Data, (size_t)list->IdxBuffer.Size * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            const uint64_t parts[6] = {(uint64_t)(intptr_t)cmd.TextureId, cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount,
                                       (uint64_t)(uintptr_t)cmd.UserCallback, 0};
            h = mix_bytes(h, parts, sizeof parts);
            h = mix_bytes(h, &cmd.ClipRect, sizeof cmd.ClipRect);
        }
    }
    return h;
}
bool gl_renderer_render(ImDrawData* draw_data, int fb_width, int fb_height, const float clear_rgba[4]) {
    // The same picture as the last frame drawn: leave the canvas alone. WebGL keeps showing what
    // was presented last until something is drawn again.
    if (g_frames_since_first_draw >= 0 && g_program_state == ProgramState::Unchecked &&
        (++g_frames_since_first_draw >= kCheckAfterFrames || program_done_without_waiting())) {
        check_program();
        if (g_program_state == ProgramState::Failed) g_drawn_any = false;  // clear what was drawn
    }
    uint64_t signature = frame_signature(draw_data, fb_width, fb_height, clear_rgba);
    if (g_drawn_any && signature == g_drawn_signature) return false;
    g_drawn_any = true;
    g_drawn_signature = signature;
    if (g_frames_since_first_draw < 0) g_frames_since_first_draw = 0;

    // Full-canvas clear first: glClear honours the scissor box left by the previous frame.
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(clear_rgba[0], clear_rgba[1], clear_rgba[2], clear_rgba[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!draw_data || fb_width <= 0 || fb_height <= 0 || g_program_state == ProgramState::Failed) return true;

    // ImGui's state: straight (not premultiplied) alpha blending, no culling or depth, scissor per command.
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(g_program);
    glActiveTexture(GL_TEXTURE0);
    // ImGui's display rectangle, which the vertex shader maps onto clip space (top-left origin).
    glVertexAttrib4f(kDisplayAttribute, draw_data->DisplayPos.x, draw_data->DisplayPos.y,
                     draw_data->DisplayPos.x + draw_data->DisplaySize.x, draw_data->DisplayPos.y + draw_data->DisplaySize.y);
    glBindVertexArray(g_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g_vbo);

    ImVec2 clip_off = draw_data->DisplayPos, clip_scale = draw_data->FramebufferScale;
    GLuint bound_texture = 0;
    for (int n = 0; n < draw_data->CmdListsCount; n++) {
        const ImDrawList* list = draw_data->CmdLists[n];
        // Orphaning upload: the driver hands out fresh storage instead of waiting on the last draw.
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)list->VtxBuffer.Size * (GLsizeiptr)sizeof(ImDrawVert), list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)list->IdxBuffer.Size * (GLsizeiptr)sizeof(ImDrawIdx), list->IdxBuffer.Data, GL_STREAM_DRAW);
        unsigned int pointed_vertex = 0;
        point_attributes(0);
        for (int i = 0; i < list->CmdBuffer.Size; i++) {
            const ImDrawCmd* cmd = &list->CmdBuffer[i];
            if (cmd->UserCallback) {
                // Kariz adds no callbacks; ResetRenderState needs nothing since state is set above.
                if (cmd->UserCallback != ImDrawCallback_ResetRenderState) cmd->UserCallback(list, cmd);
                continue;
            }
            float min_x = (cmd->ClipRect.x - clip_off.x) * clip_scale.x, min_y = (cmd->ClipRect.y - clip_off.y) * clip_scale.y;
            float max_x = (cmd->ClipRect.z - clip_off.x) * clip_scale.x, max_y = (cmd->ClipRect.w - clip_off.y) * clip_scale.y;
            if (max_x <= min_x || max_y <= min_y) continue;
            // GL's scissor origin is the bottom-left corner.
            glScissor((int)min_x, (int)((float)fb_height - max_y), (int)(max_x - min_x), (int)(max_y - min_y));
            GLuint texture = (GLuint)(intptr_t)cmd->GetTexID();
            if (texture != bound_texture) {
                glBindTexture(GL_TEXTURE_2D, texture);
                bound_texture = texture;
            }
            if (cmd->VtxOffset != pointed_vertex) {
                point_attributes(cmd->VtxOffset);
                pointed_vertex = cmd->VtxOffset;
            }
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd->ElemCount, sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                           (void*)(intptr_t)(cmd->IdxOffset * sizeof(ImDrawIdx)));
        }
    }
    return true;
}

}  // namespace kariz
