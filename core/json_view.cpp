// Strict JSON pull parser into a flat, reusable node array (see json_view.h for why).
// Error reasons use nlohmann's words, so messages read as they did before this parser.
#include "json_view.h"

#include "bidi.h"  // append_utf8

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace kariz::jsonv {

uint32_t key_hash(std::string_view s) {
    // Length, first and last four bytes: a byte-by-byte hash was 9% of reading a snapshot, and
    // Kariz's member names already differ there. A collision costs only a comparison.
    const uint32_t n = static_cast<uint32_t>(s.size());
    uint32_t a = 0, b = 0;
    if (n >= 4) {
        std::memcpy(&a, s.data(), 4);
        std::memcpy(&b, s.data() + n - 4, 4);
    } else {
        for (unsigned char c : s) a = a * 257 + c;
    }
    uint32_t h = a * 0x9E3779B1u ^ (b + n) * 0x85EBCA77u;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    return h ^ (h >> 16);
}

Value Value::find_elsewhere(std::string_view k) const {
    const Node& obj = node();
    if (obj.kind != Kind::Object) return {};
    if (obj.last && named(obj.last, k)) return Value(d_, obj.last);
    const uint32_t h = key_hash(k);
    const std::vector<Node>& nodes = d_->nodes;
    uint32_t found = 0;
    if (obj.table.size) {
        const uint32_t* table = d_->tables.data() + obj.table.off;
        const uint32_t mask = obj.table.size - 1;
        for (uint32_t s = h & mask; table[s] != UINT32_MAX && !found; s = (s + 1) & mask)
            if (nodes[table[s]].key_hash == h && named(table[s], k)) found = table[s];
    } else {
        for (uint32_t j = i_ + 1; j < obj.end && !found; j = nodes[j].end)
            if (nodes[j].key_hash == h && named(j, k)) found = j;
    }
    if (!found) return {};
    obj.last = found;
    return Value(d_, found);
}

Value Value::operator[](size_t i) const {
    const std::vector<Node>& nodes = d_->nodes;
    Doc::Cursor* cur = nullptr;
    for (Doc::Cursor& c : d_->cursors)
        if (c.array == i_ && c.index <= i) cur = &c;
    if (!cur) {
        cur = &d_->cursors[d_->next_cursor++ % 4];
        *cur = Doc::Cursor{i_, 0, i_ + 1};
    }
    while (cur->index < i) {
        cur->node = nodes[cur->node].end;
        ++cur->index;
    }
    return Value(d_, cur->node);
}

std::vector<Value> Value::members() const {
    std::vector<Value> out;
    for (Value v : *this)
        if (!d_->nodes[v.i_].shadowed) out.push_back(v);
    std::sort(out.begin(), out.end(), [](const Value& a, const Value& b) { return a.key() < b.key(); });
    return out;
}

namespace {

const char* const kControlNames[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
                                       "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                       "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct Str {
    uint32_t off = 0, len = 0;
    bool in_arena = false;
};

class Impl {
public:
    Impl(Parser& parser, std::string_view text) : P(parser), b(text.data()), p(text.data()), e(text.data() + text.size()) {}

    bool run(Doc& doc) {
        doc.clear();
        doc.text = std::string_view(b, e - b);
        scratch.text = doc.text;
        if (e - p >= 1 && static_cast<unsigned char>(*p) == 0xEF) {  // nlohmann skips a UTF-8 BOM
            if (e - p < 3 || static_cast<unsigned char>(p[1]) != 0xBB || static_cast<unsigned char>(p[2]) != 0xBF)
                return fail(p, "invalid BOM; must be 0xEF 0xBB 0xBF if given");
            p += 3;
        }
        if (!value(doc, 0)) return false;
        ws();
        if (p != e) return unexpected("end of input");
        return true;
    }

private:
    Parser& P;
    const char* const b;
    const char* p;
    const char* const e;
    Doc scratch;                  // one streamed element at a time
    size_t streamed = 0;

    bool fail(const char* at, std::string reason) {
        P.error.offset = static_cast<size_t>(at - b);
        P.error.reason = std::move(reason);
        return false;
    }
    bool fail_end() {
        P.error.at_end = true;
        P.error.offset = static_cast<size_t>(e - b);
        return false;
    }
    void ws() {
        // Kariz writes no whitespace: one comparison sends most calls back.
        while (p < e && static_cast<unsigned char>(*p) <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    }
    static uint32_t push(Doc& d, Kind k) {
        d.nodes.emplace_back();
        d.nodes.back().kind = k;
        return static_cast<uint32_t>(d.nodes.size() - 1);
    }

    // The token at p is not what the grammar wants here. As nlohmann did, a token that is itself
    // malformed reports its own error; a well-formed one reads "unexpected X; expected Y".
    bool unexpected(const char* expected) {
        if (p >= e) return fail_end();
        const char* at = p;
        std::string name;
        switch (*p) {
            case '[': name = "'['"; break;
            case ']': name = "']'"; break;
            case '{': name = "'{'"; break;
            case '}': name = "'}'"; break;
            case ':': name = "':'"; break;
            case ',': name = "','"; break;
            case '"': {
                Str s;
                if (!string(scratch, s)) return false;
                at = p - 1;  // nlohmann's position: the closing quote
                name = "string literal";
                break;
            }
            case 't': case 'f': case 'n': {
                if (!literal(scratch)) return false;
                at = p - 1;
                name = std::string("'") + (*at == 'e' ? (at[-1] == 'u' ? "true" : "false") : "null") + "'";
                break;
            }
            default:
                if (*p == '-' || is_digit(*p)) {
                    if (!number(scratch)) return false;
                    at = p - 1;
                    name = "number literal";
                } else {
                    return fail(p, "invalid literal");
                }
        }
        return fail(at, "unexpected " + name + "; expected " + expected);
    }

    bool value(Doc& d, int depth) {
        ws();
        if (p >= e) return fail_end();
        switch (*p) {
            case '{': return object(d, depth);
            case '[': return array(d, depth);
            case '"': {
                uint32_t i = push(d, Kind::String);
                Str s;
                if (!string(d, s)) return false;
                Node& n = d.nodes[i];
                n.str_off = s.off, n.str_len = s.len, n.str_in_arena = s.in_arena;
                n.end = i + 1;
                if (s.len > d.longest) d.longest = s.len;
                return true;
            }
            case 't': case 'f': case 'n': return literal(d);
            default:
                if (*p == '-' || is_digit(*p)) return number(d);
                return unexpected("'[', '{', or a literal");
        }
    }

    bool literal(Doc& d) {
        const char* word = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
        for (const char* w = word; *w; ++w, ++p) {
            if (p >= e) return fail_end();
            if (*p != *w) return fail(p, "invalid literal");
        }
        uint32_t i = push(d, *word == 'n' ? Kind::Null : Kind::Bool);
        d.nodes[i].b = *word == 't';
        d.nodes[i].end = i + 1;
        return true;
    }

    bool number(Doc& d) {
        const char* s = p;
        bool negative = *p == '-', is_float = false;
        if (negative && (++p >= e)) return fail_end();
        if (!is_digit(*p)) return fail(p, "invalid number; expected digit after '-'");
        if (*p == '0') {
            ++p;
        } else {
            while (p < e && is_digit(*p)) ++p;
        }
        const char* digits_end = p;
        if (p < e && *p == '.') {
            if (++p >= e) return fail_end();
            if (!is_digit(*p)) return fail(p, "invalid number; expected digit after '.'");
            while (p < e && is_digit(*p)) ++p;
            is_float = true;
        }
        if (p < e && (*p == 'e' || *p == 'E')) {
            if (++p >= e) return fail_end();
            if (*p == '+' || *p == '-') {
                if (++p >= e) return fail_end();
                if (!is_digit(*p)) return fail(p, "invalid number; expected digit after exponent sign");
            } else if (!is_digit(*p)) {
                return fail(p, "invalid number; expected '+', '-', or digit after exponent");
            }
            while (p < e && is_digit(*p)) ++p;
            is_float = true;
        }
        uint32_t i = push(d, Kind::Float);
        Node& n = d.nodes[i];
        n.end = i + 1;
        if (!is_float) {
            // As nlohmann: 64-bit integers stay exact, anything larger becomes a double.
            uint64_t v = 0;
            bool overflow = false;
            for (const char* c = s + negative; c < digits_end && !overflow; ++c) {
                uint64_t digit = static_cast<uint64_t>(*c - '0');
                if (v > (UINT64_MAX - digit) / 10) overflow = true;
                else v = v * 10 + digit;
            }
            if (!overflow && !negative) {
                n.kind = Kind::Unsigned;
                n.u = v;
                return true;
            }
            if (!overflow && v <= static_cast<uint64_t>(INT64_MAX) + 1) {
                n.kind = Kind::Integer;
                n.i = v == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(v);
                return true;
            }
        }
        n.f = std::strtod(std::string(s, p).c_str(), nullptr);
        // nlohmann refuses what overflows a double (its out_of_range 406, a message without a
        // reason), at the number's last byte.
        if (!std::isfinite(n.f)) return fail(p - 1, "");
        return true;
    }

    // Length of the well-formed UTF-8 sequence at q (RFC 3629), or 0 with the error set.
    size_t utf8_sequence(const char* q) {
        const unsigned char c = static_cast<unsigned char>(*q);
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;  // no UTF-16 surrogates
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;  // nothing past U+10FFFF
        else return fail(q, "invalid string: ill-formed UTF-8 byte"), 0;
        for (size_t k = 1; k < len; ++k) {
            if (q + k >= e) return fail_end(), 0;
            const unsigned char x = static_cast<unsigned char>(q[k]);
            if (k == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF)) return fail(q + k, "invalid string: ill-formed UTF-8 byte"), 0;
        }
        return len;
    }

    // Four hex digits after "\u" at q; -1 with the error set.
    long hex4(const char* q) {
        long v = 0;
        for (int k = 0; k < 4; ++k) {
            if (q + k >= e) return fail_end(), -1;
            int h = hex_value(q[k]);
            if (h < 0) return fail(q + k, "invalid string: '\\u' must be followed by 4 hex digits"), -1;
            v = v * 16 + h;
        }
        return v;
    }

    // The first byte from q on that is a quote, a backslash, a control or a non-ASCII byte, or the
    // end of the text. Eight bytes at a time: subtracting sets the high bit of a byte that was a
    // quote or a backslash (after the xor: zero) or a control; `w |` flags non-ASCII bytes. Below
    // the first special byte nothing is flagged and nothing borrows, so the lowest flagged byte is
    // a real one (the "has zero byte" trick without its `& ~x`, which only matters above it).
    const char* plain_run(const char* q) const {
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        while (e - q >= 8) {
            uint64_t w;
            std::memcpy(&w, q, 8);
            const uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
            const uint64_t special = (w | (quote - ones) | (slash - ones) | (w - ones * 0x20)) & highs;
            if (special) return q + __builtin_ctzll(special) / 8;  // little-endian: x86-64 and wasm32
            q += 8;
        }
        while (q < e && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20 && static_cast<unsigned char>(*q) < 0x80) ++q;
        return q;
    }

    // The string at p (on its opening quote): a view of the text when it has no escapes, else
    // decoded into d.arena. Leaves p after the closing quote.
    bool string(Doc& d, Str& out) {
        // The usual case (ids, names, times, codes), kept apart from the rest so it stays small.
        const char* q = plain_run(p + 1);
        if (q < e && *q == '"') {
            out = {static_cast<uint32_t>(p + 1 - b), static_cast<uint32_t>(q - (p + 1)), false};
            p = q + 1;
            return true;
        }
        return string_rest(d, out, q);
    }

    // string() from q on, the first byte that needs attention: UTF-8 validated, escapes decoded.
    bool string_rest(Doc& d, Str& out, const char* q) {
        const char* run = p + 1;  // start of the bytes not yet copied (arena mode)
        bool arena = false;
        size_t arena_start = 0;
        for (;;) {
            q = plain_run(q);
            if (q >= e) return fail_end();
            const unsigned char c = static_cast<unsigned char>(*q);
            if (c == '"') break;
            if (c >= 0x80) {
                size_t n = utf8_sequence(q);
                if (n == 0) return false;
                q += n;
                continue;
            }
            if (c < 0x20) {
                static const char hex[] = "0123456789ABCDEF";
                std::string code = std::string("U+00") + hex[c >> 4] + hex[c & 15];
                std::string m = "invalid string: control character " + code + " (" + kControlNames[c] + ") must be escaped to \\u00" +
                                code.substr(4);
                const char* shorthand = c == '\b' ? "\\b" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\f' ? "\\f" : c == '\r' ? "\\r" : nullptr;
                if (shorthand) m += std::string(" or ") + shorthand;
                return fail(q, m);
            }
            // A backslash: from here on the string is decoded into the arena.
            if (!arena) {
                arena = true;
                arena_start = d.arena.size();
            }
            d.arena.append(run, q - run);
            if (++q >= e) return fail_end();
            switch (*q) {
                case '"': d.arena += '"'; break;
                case '\\': d.arena += '\\'; break;
                case '/': d.arena += '/'; break;
                case 'b': d.arena += '\b'; break;
                case 'f': d.arena += '\f'; break;
                case 'n': d.arena += '\n'; break;
                case 'r': d.arena += '\r'; break;
                case 't': d.arena += '\t'; break;
                case 'u': {
                    long cp = hex4(q + 1);
                    if (cp < 0) return false;
                    q += 4;
                    if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(q, "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        const char* const msg = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
                        if (q + 1 >= e) return fail_end();
                        if (q[1] != '\\') return fail(q + 1, msg);
                        if (q + 2 >= e) return fail_end();
                        if (q[2] != 'u') return fail(q + 2, msg);
                        long low = hex4(q + 3);
                        if (low < 0) return false;
                        q += 6;
                        if (low < 0xDC00 || low > 0xDFFF) return fail(q, msg);
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(d.arena, static_cast<uint32_t>(cp));
                    break;
                }
                default: return fail(q, "invalid string: forbidden character after backslash");
            }
            run = ++q;
        }
        if (arena) {
            d.arena.append(run, q - run);
            out = {static_cast<uint32_t>(arena_start), static_cast<uint32_t>(d.arena.size() - arena_start), true};
        } else {
            out = {static_cast<uint32_t>(p + 1 - b), static_cast<uint32_t>(q - (p + 1)), false};
        }
        p = q + 1;
        return true;
    }

    bool open(Doc& d, int depth, Kind k, uint32_t& index) {
        if (depth >= P.max_depth) {  // refused before anything deeper is read: the stack stays small
            P.error.too_deep = true;
            return false;
        }
        index = push(d, k);
        ++p;
        ws();
        return true;
    }

    bool array(Doc& d, int depth) {
        uint32_t i;
        if (!open(d, depth, Kind::Array, i)) return false;
        uint32_t count = 0;
        if (p < e && *p == ']') {
            ++p;
        } else {
            for (;;) {
                if (!value(d, depth + 1)) return false;
                ++count;
                ws();
                if (p < e && *p == ',') { ++p; continue; }
                if (p < e && *p == ']') { ++p; break; }
                return unexpected("']'");
            }
        }
        d.nodes[i].size = count;
        d.nodes[i].end = static_cast<uint32_t>(d.nodes.size());
        return true;
    }

    // The root object's streamed member: each element into `scratch`, handed over, dropped.
    bool stream(Doc& d, int depth) {
        uint32_t i;
        if (!open(d, depth, Kind::Array, i)) return false;
        if (p < e && *p == ']') {
            ++p;
        } else {
            for (;;) {
                scratch.clear();
                if (!value(scratch, depth + 1)) return false;
                P.stream_end = static_cast<size_t>(p - b);
                P.on_stream(scratch, streamed++);
                ws();
                if (p < e && *p == ',') { ++p; continue; }
                if (p < e && *p == ']') { ++p; break; }
                return unexpected("']'");
            }
        }
        d.nodes[i].end = static_cast<uint32_t>(d.nodes.size());
        return true;
    }

    bool object(Doc& d, int depth) {
        uint32_t i;
        if (!open(d, depth, Kind::Object, i)) return false;
        uint32_t count = 0;
        if (p < e && *p == '}') {
            ++p;
        } else {
            for (;;) {
                ws();
                if (p >= e || *p != '"') return unexpected("string literal");
                Str k;
                if (!string(d, k)) return false;
                ws();
                if (p >= e || *p != ':') return unexpected("':'");
                ++p;
                const uint32_t m = static_cast<uint32_t>(d.nodes.size());
                const char* kp = (k.in_arena ? d.arena.data() : b) + k.off;
                bool streamed_member = false;
                if (depth == 0 && P.on_stream && std::string_view(kp, k.len) == P.stream_key) {
                    ++P.stream_keys;
                    ws();
                    streamed_member = p < e && *p == '[';
                }
                if (!(streamed_member ? stream(d, depth + 1) : value(d, depth + 1))) return false;
                Node& n = d.nodes[m];
                n.key_off = k.off, n.key_len = k.len, n.key_in_arena = k.in_arena;
                n.key_hash = key_hash(std::string_view((k.in_arena ? d.arena.data() : b) + k.off, k.len));
                if (k.len > d.longest) d.longest = k.len;
                ++count;
                ws();
                if (p < e && *p == ',') { ++p; continue; }
                if (p < e && *p == '}') { ++p; break; }
                return unexpected("'}'");
            }
        }
        d.nodes[i].end = static_cast<uint32_t>(d.nodes.size());
        d.nodes[i].size = count - index_members(d, i, count);
        return true;
    }

    uint32_t shadow_duplicates_sorted(Doc& d, uint32_t obj) {
        auto name = [&](uint32_t j) {
            const Node& n = d.nodes[j];
            return std::string_view((n.key_in_arena ? d.arena.data() : b) + n.key_off, n.key_len);
        };
        std::vector<uint32_t> members;
        for (uint32_t j = obj + 1; j < d.nodes[obj].end; j = d.nodes[j].end) members.push_back(j);
        std::stable_sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) { return name(x) < name(y); });
        uint32_t shadowed = 0;
        for (size_t k = 0; k + 1 < members.size(); ++k)
            if (name(members[k]) == name(members[k + 1])) d.nodes[members[k]].shadowed = true, ++shadowed;
        return shadowed;
    }

    // Marks every member whose name comes again later in the object (the later one wins, as with
    // nlohmann) and returns how many. Objects of more than kScanMembers members get their table in
    // d.tables on the way (see Doc::tables); smaller ones are compared pair by pair.
    static constexpr uint32_t kScanMembers = 8;
    uint32_t index_members(Doc& d, uint32_t obj, uint32_t count) {
        auto same = [&](uint32_t x, uint32_t y) {
            const Node& a = d.nodes[x];
            const Node& c = d.nodes[y];
            return a.key_hash == c.key_hash && a.key_len == c.key_len &&
                   same_name((a.key_in_arena ? d.arena.data() : b) + a.key_off, (c.key_in_arena ? d.arena.data() : b) + c.key_off, a.key_len);
        };
        const uint32_t end = d.nodes[obj].end;
        uint32_t shadowed = 0;
        if (count <= kScanMembers) {
            for (uint32_t j = obj + 1; j < end; j = d.nodes[j].end)
                for (uint32_t i = obj + 1; i < j; i = d.nodes[i].end)
                    if (!d.nodes[i].shadowed && same(i, j)) d.nodes[i].shadowed = true, ++shadowed;
            return shadowed;
        }
        if (count > 4096) return shadow_duplicates_sorted(d, obj);  // hostile files: no quadratic probing
        uint32_t slots = 16;
        while (slots < 2 * count) slots *= 2;
        const uint32_t off = static_cast<uint32_t>(d.tables.size());
        d.tables.resize(off + slots, UINT32_MAX);
        uint32_t* table = d.tables.data() + off;
        for (uint32_t j = obj + 1; j < end; j = d.nodes[j].end) {
            uint32_t s = d.nodes[j].key_hash & (slots - 1);
            while (table[s] != UINT32_MAX && !same(table[s], j)) s = (s + 1) & (slots - 1);
            if (table[s] != UINT32_MAX) {
                d.nodes[table[s]].shadowed = true;
                ++shadowed;
            }
            table[s] = j;
        }
        d.nodes[obj].table.off = off;
        d.nodes[obj].table.size = slots;
        return shadowed;
    }
};

}  // namespace

bool Parser::parse(std::string_view text, Doc& doc) {
    error = ParseError{};
    stream_keys = 0;
    stream_end = 0;
    Impl impl(*this, text);
    return impl.run(doc);
}

}  // namespace kariz::jsonv
