// Deals as the browser stores them (web/page/kariz-db.js): one binary record per deal, written and
// read only by Kariz. Snapshots (files, other tabs) stay JSON; a record never leaves the browser.
//
// Why not the snapshot's JSON: loading a stored 10,000-deal board spent 60-70 ms of its ~280 ms in
// parsing it (tokens, member look-ups, ISO times) in wasm (issue 7). A record is read field after
// field with no look-ups and no date parsing, and is about half the size.
//
// Layout: byte 0 is 0x00 (no JSON text starts with it, so the JSON records that earlier versions
// stored are told apart and still read), byte 1 is kDealRecordVersion, then every field of a Deal
// in the order of walk_deal (deal_record.cpp): counts, lengths and enums as unsigned LEB128,
// integers and times as zigzag LEB128, strings as their length and UTF-8 bytes.
//
// Reading checks of one deal what the snapshot reader checks (lengths, enums, ranges, times,
// dates, currency codes, UTF-8), so a damaged record gets a message instead of a bad deal. What
// spans deals (ids unique, stages exist) is checked after the last one, as for a snapshot.
#pragma once
#include <string>
#include <string_view>

#include "model.h"

namespace kariz {

constexpr unsigned char kDealRecordVersion = 1;

// Whether `bytes` is a record (and not a deal's JSON).
inline bool is_deal_record(std::string_view bytes) { return !bytes.empty() && bytes[0] == '\0'; }

void append_deal_record(std::string& out, const Deal& d);
// Reads one whole record into `out` (a fresh Deal). On failure `error` says what is wrong
// ("title: too long (301 bytes, at most 300)") and `out` is unspecified.
bool read_deal_record(std::string_view bytes, Deal& out, std::string& error);

}  // namespace kariz
