// Revision bookkeeping carried by deals, pipelines, users and settings so two copies of a
// workspace can be merged without a server. The scheme is described at the top of core/merge.h.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kariz {

// One change made on one device: `counter` grows on that device with every change (a hybrid
// logical clock, see IdGenerator::next_counter). counter == 0: no revision (version-1 data).
constexpr int64_t kMaxCounter = 9007199254740991LL;  // 2^53 - 1: exact in every JSON reader

struct Revision {
    std::string device;
    int64_t counter = 0;
    int64_t time = 0;  // UTC seconds, for people; merging never compares clocks of two devices
};

// device -> highest counter of that device whose change this record has incorporated.
// Sorted by device; usually one to three entries.
using VersionVector = std::vector<std::pair<std::string, int64_t>>;

// Which change last set one field of a deal ("title", "stage", ...). A field without a stamp
// still holds the value it was created with.
struct FieldStamp {
    std::string field;
    std::string device;
    int64_t counter = 0;
};

struct Sync {
    Revision rev;                    // the last change
    VersionVector seen;              // every change this copy has incorporated
    std::vector<FieldStamp> stamps;  // deals only: per field, the change that last set it
    bool legacy() const { return rev.counter == 0 && seen.empty(); }
};

// A deleted deal: kept so the deletion travels to other copies by import.
struct Tombstone {
    std::string id;
    Revision rev;        // the deletion
    VersionVector seen;  // what the deal had incorporated when it was deleted, plus the deletion
};

int64_t seen_counter(const VersionVector& v, const std::string& device);
void seen_raise(VersionVector& v, const std::string& device, int64_t counter);
// v has incorporated change (device, counter); a zero counter is "the creation", always seen.
bool seen_covers(const VersionVector& v, const std::string& device, int64_t counter);
// a has incorporated everything b has.
bool seen_dominates(const VersionVector& a, const VersionVector& b);
VersionVector seen_max(const VersionVector& a, const VersionVector& b);
// A total order on revisions used to pick one deterministically (merging is symmetric).
bool revision_before(const Revision& a, const Revision& b);
const FieldStamp* find_stamp(const Sync& s, const std::string& field);
void set_stamp(Sync& s, const std::string& field, const std::string& device, int64_t counter);

}  // namespace kariz
