// The interface font's built atlas as bytes, so a later visit can restore it instead of building
// it again. Building rasterises ~1,800 glyphs with stb_truetype: ~11 ms after a reload and 30-45 ms
// in a new tab, where V8 has not optimised that code yet (issue 7). Restoring copies the pixels and
// the glyph table and rebuilds the lookup tables: well under a millisecond.
// ImGui 1.86's atlas has no such API, so this fills its fields directly; the packed form is tied to
// the ImGui version and to everything the build read (the key), and anything else is refused.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

struct ImFontAtlas;

namespace kariz {

// What a built atlas depends on, as text: the ImGui version, the font file's bytes (hashed) and
// `settings`, the caller's description of everything else the build reads (size, oversampling,
// glyph ranges). A packed atlas is restored only under the same key.
std::string font_atlas_key(std::string_view font_bytes, const std::string& settings);

// Packs `atlas` (built, one font, alpha8 pixels) with `key`, which names what it was built from
// (see font_atlas_key). Empty if the atlas is not in a form this can restore.
std::string font_atlas_pack(const ImFontAtlas& atlas, const std::string& key);

// Replaces the fonts of `atlas` with the packed ones, if `packed` carries `key` and is whole and
// consistent. Otherwise returns false, says why in `error`, and leaves `atlas` as it was.
bool font_atlas_unpack(ImFontAtlas& atlas, std::string_view packed, const std::string& key, std::string& error);

// A 64-bit digest of some bytes (not a defence against a forger: the packed atlas is checked anyway).
uint64_t font_atlas_digest(std::string_view bytes);

// A 64-bit digest of the atlas's glyphs, metrics and pixels, as hex: a built atlas and the same
// atlas restored have the same one (the test interface reports it).
std::string font_atlas_fingerprint(const ImFontAtlas& atlas);

}  // namespace kariz
