#include "revision.h"
#include <algorithm>

namespace kariz {

int64_t seen_counter(const VersionVector& v, const std::string& device) {
    for (const auto& [d, n] : v)
        if (d == device) return n;
    return 0;
}

void seen_raise(VersionVector& v, const std::string& device, int64_t counter) {
    auto it = std::lower_bound(v.begin(), v.end(), device, [](const auto& e, const std::string& d) { return e.first < d; });
    if (it != v.end() && it->first == device) {
        if (it->second < counter) it->second = counter;
    } else {
        v.insert(it, {device, counter});
    }
}

bool seen_covers(const VersionVector& v, const std::string& device, int64_t counter) {
    return counter == 0 || seen_counter(v, device) >= counter;
}

bool seen_dominates(const VersionVector& a, const VersionVector& b) {
    for (const auto& [d, n] : b)
        if (seen_counter(a, d) < n) return false;
    return true;
}

VersionVector seen_max(const VersionVector& a, const VersionVector& b) {
    VersionVector r = a;
    for (const auto& [d, n] : b) seen_raise(r, d, n);
    return r;
}

bool revision_before(const Revision& a, const Revision& b) {
    if (a.counter != b.counter) return a.counter < b.counter;
    if (a.device != b.device) return a.device < b.device;
    return a.time < b.time;
}

const FieldStamp* find_stamp(const Sync& s, const std::string& field) {
    for (const FieldStamp& f : s.stamps)
        if (f.field == field) return &f;
    return nullptr;
}

void set_stamp(Sync& s, const std::string& field, const std::string& device, int64_t counter) {
    for (FieldStamp& f : s.stamps)
        if (f.field == field) {
            f.device = device;
            f.counter = counter;
            return;
        }
    // Kept sorted by field, so equal bookkeeping is equal text whatever order the fields changed in.
    auto it = std::lower_bound(s.stamps.begin(), s.stamps.end(), field, [](const FieldStamp& f, const std::string& k) { return f.field < k; });
    s.stamps.insert(it, FieldStamp{field, device, counter});
}

}  // namespace kariz
