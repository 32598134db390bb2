// A strict JSON reader for the snapshot (core/snapshot_read.cpp) that does not build an nlohmann
// tree. Why: read_snapshot through nlohmann spent most of its time in its lexer (a push_back per
// string byte), in malloc for every node and string, and in map look-ups (issue 7: import at 5-9x
// JSON.parse). Here a document is a flat array of nodes, reused from one deal to the next, and a
// string is a view into the text unless it had escapes (then into the document's arena), so reading
// a deal allocates only the strings copied into the Deal itself.
//
// What it accepts is exactly RFC 8259 JSON, as nlohmann's strict parser did: UTF-8 validated, no
// comments, no trailing commas, a UTF-8 byte-order mark skipped. Duplicate member names are kept
// as nlohmann's std::map kept them: the last one wins, and members are listed in key order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kariz::jsonv {

enum class Kind : uint8_t { Null, Bool, Integer, Unsigned, Float, String, Array, Object };

struct Node {
    Kind kind = Kind::Null;
    bool shadowed = false;                   // a member whose name comes again later in the object
    bool key_in_arena = false, str_in_arena = false;
    uint32_t end = 0;                        // index past this node's last descendant
    uint32_t size = 0;                       // containers: elements, or distinct members
    uint32_t key_off = 0, key_len = 0, key_hash = 0;  // members of an object
    uint32_t str_off = 0, str_len = 0;
    // Objects: the last member found (0: none yet). Kariz reads members in about the order it
    // writes them, so most look-ups ask for the member after it (see Value::find).
    mutable uint32_t last = 0;
    union {
        struct {
            uint32_t off, size;  // Object: its member table in Doc::tables (size 0: none, find scans)
        } table;
        bool b;
        int64_t i;   // Integer: negative numbers (and -0), as nlohmann's number_integer
        uint64_t u;  // Unsigned: numbers without a minus sign that fit in 64 bits
        double f;    // Float: a fraction, an exponent, or an integer too large for 64 bits
    };
    Node() : u(0) {}
};

class Value;

// One parsed value and everything under it. `text` must outlive the document.
struct Doc {
    std::string_view text;
    std::string arena;        // strings that had escapes, decoded
    std::vector<Node> nodes;  // pre-order; nodes[0] is the value
    // Member tables of objects with more than a few members: open addressing by key_hash, the node
    // of the member that counts for each name, UINT32_MAX where empty. Built while marking
    // duplicate names anyway, kept so a look-up of a name that is not there costs a probe or two.
    std::vector<uint32_t> tables;
    size_t longest = 0;       // longest string or member name, in bytes (skips the size walk)
    // Where the last few element look-ups by index ended, so loops over i stay linear.
    struct Cursor {
        uint32_t array = UINT32_MAX, index = 0, node = 0;
    };
    mutable Cursor cursors[4];
    mutable unsigned next_cursor = 0;

    void clear() {
        arena.clear();
        nodes.clear();
        tables.clear();
        longest = 0;
        for (Cursor& c : cursors) c = Cursor{};
    }
    Value root() const;
};

uint32_t key_hash(std::string_view s);

// Whether the first and the last sizeof(Word) bytes of a and b are equal (n >= sizeof(Word)): two
// overlapping loads per side cover every byte of a name up to twice that long.
template <class Word>
inline bool same_ends(const char* a, const char* b, size_t n) {
    Word x[2], y[2];
    std::memcpy(&x[0], a, sizeof(Word));
    std::memcpy(&x[1], a + n - sizeof(Word), sizeof(Word));
    std::memcpy(&y[0], b, sizeof(Word));
    std::memcpy(&y[1], b + n - sizeof(Word), sizeof(Word));
    return x[0] == y[0] && x[1] == y[1];
}

// Whether two member names of n bytes are equal. Names are short: from 4 to 16 bytes two
// overlapping loads per side compare them, without a call to memcmp (which was most of the cost
// of a look-up that finds its member at once).
inline bool same_name(const char* a, const char* b, size_t n) {
    if (n >= 8 && n <= 16) return same_ends<uint64_t>(a, b, n);
    if (n >= 4 && n < 8) return same_ends<uint32_t>(a, b, n);
    return std::memcmp(a, b, n) == 0;
}

// A handle on one node of a Doc; an empty one (for an absent member) is false.
class Value {
public:
    Value() = default;
    Value(const Doc* d, uint32_t i) : d_(d), i_(i) {}
    explicit operator bool() const { return d_ != nullptr; }

    Kind kind() const { return node().kind; }
    bool is_null() const { return kind() == Kind::Null; }
    bool is_boolean() const { return kind() == Kind::Bool; }
    bool is_string() const { return kind() == Kind::String; }
    bool is_array() const { return kind() == Kind::Array; }
    bool is_object() const { return kind() == Kind::Object; }
    bool is_integer() const { return kind() == Kind::Integer || kind() == Kind::Unsigned; }
    bool is_unsigned() const { return kind() == Kind::Unsigned; }

    bool boolean() const { return node().b; }
    // Integers, read as nlohmann's get<int64_t>() did (an Unsigned above INT64_MAX wraps: callers
    // check is_unsigned() first where that matters).
    int64_t integer() const { return kind() == Kind::Unsigned ? static_cast<int64_t>(node().u) : node().i; }
    uint64_t unsigned_integer() const { return node().u; }
    double number() const { return node().f; }
    std::string_view str() const {
        const Node& n = node();
        return {(n.str_in_arena ? d_->arena.data() : d_->text.data()) + n.str_off, n.str_len};
    }
    // The member name of an element of an object.
    std::string_view key() const {
        const Node& n = node();
        return {(n.key_in_arena ? d_->arena.data() : d_->text.data()) + n.key_off, n.key_len};
    }
    size_t size() const { return node().size; }

    // Element i of an array (i < size()); linear when called for i = 0, 1, 2, ...
    Value operator[](size_t i) const;

    // Member `k`, or an empty Value. Tries the member after the last one found, comparing names
    // directly (small enough to inline); then that one again (a contains() before the read), and
    // only then hashes `k` and looks in the object's table (or its few members). Hashing every
    // look-up and scanning from the last match was the largest part of checking a deal (issue 7).
    Value find(std::string_view k) const {
        const Node& obj = node();
        const uint32_t next = obj.last ? d_->nodes[obj.last].end : i_ + 1;
        if (obj.kind == Kind::Object && next < obj.end && named(next, k)) {
            obj.last = next;
            return Value(d_, next);
        }
        return find_elsewhere(k);
    }
    bool contains(std::string_view k) const { return static_cast<bool>(find(k)); }

    // Elements of an array, or members of an object in the order of the text (shadowed ones
    // included: callers of objects use members()).
    class Iterator {
    public:
        Iterator(const Doc* d, uint32_t i) : d_(d), i_(i) {}
        Value operator*() const { return Value(d_, i_); }
        Iterator& operator++() {
            i_ = d_->nodes[i_].end;
            return *this;
        }
        bool operator!=(const Iterator& o) const { return i_ != o.i_; }

    private:
        const Doc* d_;
        uint32_t i_;
    };
    Iterator begin() const { return Iterator(d_, i_ + 1); }
    Iterator end() const { return Iterator(d_, node().end); }

    // The members of an object, the last of each name only, sorted by name (as nlohmann listed them).
    std::vector<Value> members() const;

private:
    const Node& node() const { return d_->nodes[i_]; }
    // Whether member j is named k (and is the one that counts: not shadowed by a later duplicate).
    bool named(uint32_t j, std::string_view k) const {
        const Node& n = d_->nodes[j];
        return n.key_len == k.size() && !n.shadowed &&
               same_name((n.key_in_arena ? d_->arena.data() : d_->text.data()) + n.key_off, k.data(), k.size());
    }
    Value find_elsewhere(std::string_view k) const;
    const Doc* d_ = nullptr;
    uint32_t i_ = 0;
};

inline Value Doc::root() const { return Value(this, 0); }

// Why parsing stopped. `offset` is the byte where the problem was seen (0-based).
struct ParseError {
    bool too_deep = false;  // more than max_depth containers open
    bool at_end = false;    // the text ended in the middle of a value
    size_t offset = 0;
    std::string reason;     // in nlohmann's words: "invalid literal", "unexpected ','; expected ']'"
};

// Parses `text` into `doc`. With `on_stream` set, the elements of the array that is the value of the
// root object's member named `stream_key` are parsed one at a time into a scratch document, handed
// to `on_stream` with their index and dropped; the member stays in `doc` as an empty array.
// `stream_keys` counts that member's occurrences (a second one would otherwise merge silently).
struct Parser {
    int max_depth = 16;
    std::string_view stream_key;
    std::function<void(const Doc& element, size_t index)> on_stream;
    ParseError error;
    int stream_keys = 0;
    size_t stream_end = 0;  // during on_stream: the byte offset just past the element handed over

    bool parse(std::string_view text, Doc& doc);
};

}  // namespace kariz::jsonv
