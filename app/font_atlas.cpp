// Packing and restoring ImGui's font atlas (see font_atlas.h). The packed form, little-endian as
// wasm memory is:
//   "KARIZ-ATLAS-1", u32 key length, key
//   i32 texture width, height; f32 white pixel u, v; f32 x4 for each baked line width
//   i32 custom rect ids (mouse cursors, lines); u32 rect count, each u16 width, height, x, y
//   f32 font size, ascent, descent; i32 metrics surface; u16 fallback, ellipsis and dot characters
//   u32 glyph count, each u32 code point, u8 flags (1 visible, 2 coloured), f32 x9 (advance,
//   corners, texture coordinates)
//   the alpha8 pixels, width x height bytes, and nothing after them
#include "font_atlas.h"
#include <imgui.h>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace kariz {

namespace {

const char kMagic[] = "KARIZ-ATLAS-1";
const int kMaxTextureSide = 8192;  // WebGL2 guarantees 2048; no font of ours comes near either
const int kLineUvs = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads what put() wrote, never past the end: a short or damaged pack just fails.
struct Reader {
    std::string_view in;
    size_t at = 0;
    bool ok = true;
    template <typename T>
    T get() {
        T value{};
        if (!ok || in.size() - at < sizeof value) {
            ok = false;
            return value;
        }
        std::memcpy(&value, in.data() + at, sizeof value);
        at += sizeof value;
        return value;
    }
    std::string_view bytes(size_t n) {
        if (!ok || in.size() - at < n) {
            ok = false;
            return {};
        }
        std::string_view b = in.substr(at, n);
        at += n;
        return b;
    }
};

bool finite_all(const float* v, int n) {
    for (int i = 0; i < n; ++i)
        if (!std::isfinite(v[i])) return false;
    return true;
}
bool uv_in_texture(float u, float v) { return u >= 0 && u <= 1 && v >= 0 && v <= 1; }

// Everything except the key and the pixels' owner: what font_atlas_unpack builds before it
// touches the atlas.
struct Packed {
    int width = 0, height = 0;
    ImVec2 white_uv;
    ImVec4 line_uvs[kLineUvs];
    int pack_id_cursors = -1, pack_id_lines = -1;
    std::vector<ImFontAtlasCustomRect> rects;
    float size = 0, ascent = 0, descent = 0;
    int surface = 0;
    ImWchar fallback = 0, ellipsis = 0, dot = 0;
    std::vector<ImFontGlyph> glyphs;
    std::string_view pixels;
};

void pack_body(const ImFontAtlas& atlas, const ImFont& font, std::string& out) {
    put<int32_t>(out, atlas.TexWidth);
    put<int32_t>(out, atlas.TexHeight);
    put<float>(out, atlas.TexUvWhitePixel.x);
    put<float>(out, atlas.TexUvWhitePixel.y);
    for (const ImVec4& uv : atlas.TexUvLines) {
        put<float>(out, uv.x);
        put<float>(out, uv.y);
        put<float>(out, uv.z);
        put<float>(out, uv.w);
    }
    put<int32_t>(out, atlas.PackIdMouseCursors);
    put<int32_t>(out, atlas.PackIdLines);
    put<uint32_t>(out, (uint32_t)atlas.CustomRects.Size);
    for (const ImFontAtlasCustomRect& r : atlas.CustomRects) {
        put<uint16_t>(out, r.Width);
        put<uint16_t>(out, r.Height);
        put<uint16_t>(out, r.X);
        put<uint16_t>(out, r.Y);
    }
    put<float>(out, font.FontSize);
    put<float>(out, font.Ascent);
    put<float>(out, font.Descent);
    put<int32_t>(out, font.MetricsTotalSurface);
    put<uint16_t>(out, font.FallbackChar);
    put<uint16_t>(out, font.EllipsisChar);
    put<uint16_t>(out, font.DotChar);
    put<uint32_t>(out, (uint32_t)font.Glyphs.Size);
    for (const ImFontGlyph& g : font.Glyphs) {
        put<uint32_t>(out, g.Codepoint);
        put<uint8_t>(out, (uint8_t)((g.Visible ? 1 : 0) | (g.Colored ? 2 : 0)));
        const float v[9] = {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1};
        for (float f : v) put<float>(out, f);
    }
    out.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8), (size_t)atlas.TexWidth * (size_t)atlas.TexHeight);
}

// The only atlas this packs: the one app_add_font builds (one font from one file, no custom
// glyphs, alpha8 pixels).
bool packable(const ImFontAtlas& atlas) {
    if (!atlas.IsBuilt() || atlas.Fonts.Size != 1 || !atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0)
        return false;
    for (const ImFontAtlasCustomRect& r : atlas.CustomRects)
        if (r.Font || r.GlyphID) return false;
    return atlas.Fonts[0]->ConfigDataCount == 1;
}

bool read_body(Reader& r, Packed& p, std::string& error) {
    p.width = r.get<int32_t>();
    p.height = r.get<int32_t>();
    if (!r.ok || p.width <= 0 || p.height <= 0 || p.width > kMaxTextureSide || p.height > kMaxTextureSide) {
        error = "texture size out of range";
        return false;
    }
    p.white_uv.x = r.get<float>();
    p.white_uv.y = r.get<float>();
    for (ImVec4& uv : p.line_uvs) {
        uv.x = r.get<float>();
        uv.y = r.get<float>();
        uv.z = r.get<float>();
        uv.w = r.get<float>();
        if (!uv_in_texture(uv.x, uv.y) || !uv_in_texture(uv.z, uv.w)) r.ok = false;
    }
    if (!r.ok || !uv_in_texture(p.white_uv.x, p.white_uv.y)) {
        error = "texture coordinates out of range";
        return false;
    }
    p.pack_id_cursors = r.get<int32_t>();
    p.pack_id_lines = r.get<int32_t>();
    const uint32_t rect_count = r.get<uint32_t>();
    if (!r.ok || rect_count > 16 || p.pack_id_cursors < -1 || p.pack_id_cursors >= (int)rect_count ||
        p.pack_id_lines < -1 || p.pack_id_lines >= (int)rect_count) {
        error = "custom rectangles out of range";
        return false;
    }
    for (uint32_t i = 0; i < rect_count; ++i) {
        ImFontAtlasCustomRect rect;
        rect.Width = r.get<uint16_t>();
        rect.Height = r.get<uint16_t>();
        rect.X = r.get<uint16_t>();
        rect.Y = r.get<uint16_t>();
        if (rect.X + rect.Width > p.width || rect.Y + rect.Height > p.height) r.ok = false;
        p.rects.push_back(rect);
    }
    p.size = r.get<float>();
    p.ascent = r.get<float>();
    p.descent = r.get<float>();
    p.surface = r.get<int32_t>();
    p.fallback = r.get<uint16_t>();
    p.ellipsis = r.get<uint16_t>();
    p.dot = r.get<uint16_t>();
    const float metrics[3] = {p.size, p.ascent, p.descent};
    if (!r.ok || !finite_all(metrics, 3) || p.size <= 0) {
        error = "font metrics out of range";
        return false;
    }
    const uint32_t glyph_count = r.get<uint32_t>();
    if (!r.ok || glyph_count == 0 || glyph_count >= 0xFFFF) {  // ImGui indexes glyphs with 16 bits, 0xFFFF reserved
        error = "glyph count out of range";
        return false;
    }
    p.glyphs.resize(glyph_count);
    for (ImFontGlyph& g : p.glyphs) {
        const uint32_t codepoint = r.get<uint32_t>();
        const uint8_t flags = r.get<uint8_t>();
        float v[9];
        for (float& f : v) f = r.get<float>();
        if (!r.ok || codepoint > IM_UNICODE_CODEPOINT_MAX || flags > 3 || !finite_all(v, 9) || !uv_in_texture(v[5], v[6]) ||
            !uv_in_texture(v[7], v[8])) {
            error = "glyph out of range";
            return false;
        }
        g.Codepoint = codepoint;
        g.Visible = flags & 1;
        g.Colored = (flags & 2) ? 1 : 0;
        g.AdvanceX = v[0];
        g.X0 = v[1], g.Y0 = v[2], g.X1 = v[3], g.Y1 = v[4];
        g.U0 = v[5], g.V0 = v[6], g.U1 = v[7], g.V1 = v[8];
    }
    p.pixels = r.bytes((size_t)p.width * (size_t)p.height);
    if (!r.ok || r.at != r.in.size()) {
        error = "pixels do not match the texture size";
        return false;
    }
    return true;
}

// FNV-1a over 8-byte words (with a shift to spread the high bits): a digest, not a defence. The
// font file is hashed at every start, so word steps rather than byte steps.
uint64_t digest_from(uint64_t h, std::string_view bytes) {
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ word) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (; i < bytes.size(); ++i) h = (h ^ (unsigned char)bytes[i]) * 0x100000001b3ull;
    return h;
}
}  // namespace

uint64_t font_atlas_digest(std::string_view bytes) { return digest_from(0xcbf29ce484222325ull, bytes); }

std::string font_atlas_pack(const ImFontAtlas& atlas, const std::string& key) {
    if (!packable(atlas)) return {};
    std::string out(kMagic);
    put<uint32_t>(out, (uint32_t)key.size());
    out += key;
    pack_body(atlas, *atlas.Fonts[0], out);
    return out;
}

bool font_atlas_unpack(ImFontAtlas& atlas, std::string_view packed, const std::string& key, std::string& error) {
    Reader r{packed};
    if (r.bytes(sizeof kMagic - 1) != kMagic) {
        error = "not a packed font atlas of this version";
        return false;
    }
    const uint32_t key_length = r.get<uint32_t>();
    if (!r.ok || key_length != key.size() || r.bytes(key_length) != key) {
        error = "built from another font, size or ImGui version";
        return false;
    }
    Packed p;
    if (!read_body(r, p, error)) return false;

    // Everything checked: from here on nothing can fail.
    atlas.Clear();
    ImFontConfig config;
    config.FontData = nullptr;  // restored, not built: there is nothing to build from
    config.FontDataOwnedByAtlas = false;
    config.SizePixels = p.size;
    std::snprintf(config.Name, sizeof config.Name, "restored atlas, %.0fpx", p.size);
    atlas.ConfigData.push_back(config);
    ImFont* font = IM_NEW(ImFont);
    atlas.ConfigData[0].DstFont = font;
    font->ContainerAtlas = &atlas;
    font->ConfigData = &atlas.ConfigData[0];
    font->ConfigDataCount = 1;
    font->FontSize = p.size;
    font->Ascent = p.ascent;
    font->Descent = p.descent;
    font->MetricsTotalSurface = p.surface;
    font->FallbackChar = p.fallback;
    font->EllipsisChar = p.ellipsis;
    font->DotChar = p.dot;
    font->Glyphs.resize((int)p.glyphs.size());
    std::memcpy(font->Glyphs.Data, p.glyphs.data(), p.glyphs.size() * sizeof(ImFontGlyph));
    atlas.Fonts.push_back(font);
    // The glyph table already holds the tab glyph the build added last, so this adds none.
    font->BuildLookupTable();
    for (const ImFontAtlasCustomRect& rect : p.rects) atlas.CustomRects.push_back(rect);
    atlas.PackIdMouseCursors = p.pack_id_cursors;
    atlas.PackIdLines = p.pack_id_lines;
    atlas.TexWidth = p.width;
    atlas.TexHeight = p.height;
    atlas.TexUvScale = ImVec2(1.0f / (float)p.width, 1.0f / (float)p.height);
    atlas.TexUvWhitePixel = p.white_uv;
    for (int i = 0; i < kLineUvs; ++i) atlas.TexUvLines[i] = p.line_uvs[i];
    atlas.TexPixelsAlpha8 = (unsigned char*)IM_ALLOC(p.pixels.size());
    std::memcpy(atlas.TexPixelsAlpha8, p.pixels.data(), p.pixels.size());
    atlas.TexReady = true;
    return true;
}

std::string font_atlas_fingerprint(const ImFontAtlas& atlas) {
    if (!packable(atlas)) return "none";
    std::string body;
    pack_body(atlas, *atlas.Fonts[0], body);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)font_atlas_digest(body));
    return hex;
}

std::string font_atlas_key(std::string_view font_bytes, const std::string& settings) {
    char text[96];
    std::snprintf(text, sizeof text, "imgui %d; glyph %d bytes; font %016llx, %zu bytes; ", IMGUI_VERSION_NUM,
                  (int)sizeof(ImFontGlyph), (unsigned long long)font_atlas_digest(font_bytes), font_bytes.size());
    return text + settings;
}

}  // namespace kariz
