// Snapshot members of lead scoring (selling_types.h), read and written here so core/snapshot.cpp
// only calls in: deals' "org" and "win_probability", settings' "icp", "scoring", "quality_labels"
// and "cost". Every member is optional on read (version-1 files without them stay valid); a
// present one is checked like the rest of the file. `error` has no path: the caller prefixes it.
#pragma once
#include "json_view.h"
#include <string>
#include "model.h"

namespace kariz {

// Appends ,"org":{...} and ,"win_probability":N to an open deal object, only when they are set.
void put_deal_scoring(std::string& o, const Deal& d);
bool read_deal_scoring(const jsonv::Value& deal, Deal& d, std::string& error);

// Appends ,"icp":{...},"scoring":{...},"quality_labels":[...],"cost":{...} to the open settings object.
void put_settings_scoring(std::string& o, const Settings& s);
bool read_settings_scoring(const jsonv::Value& settings, Settings& s, std::string& error);

std::string colour_hex(uint32_t rgb);               // "#2E7D32"
bool parse_colour_hex(const std::string& s, uint32_t& rgb);

}  // namespace kariz
