// UUID v4 generation from a seeded generator: core has no randomness of its own, the caller seeds it
// (the browser from crypto.getRandomValues, tests with a fixed number).
#pragma once
#include <cstdint>
#include <string>

namespace kariz {

class IdGenerator {
public:
    explicit IdGenerator(uint64_t seed = 0x9e3779b97f4a7c15ull) : state_(seed) {}
    void reseed(uint64_t seed) { state_ = seed; }
    std::string uuid4();
    uint64_t next();  // splitmix64

    // The device this copy of Kariz runs on (a short id kept per browser) and its change counter,
    // stamped on every change by reduce (core/merge.h). The counter is a hybrid logical clock:
    // max(last + 1, now in ms), so it keeps growing across page reloads and undo without being
    // stored, and two devices never need to agree on a clock.
    std::string device = "local";
    int64_t next_counter(int64_t now_seconds);
    int64_t last_counter = 0;

private:
    uint64_t state_;
};

bool is_uuid(const std::string& s);
// A short random device id ("3f9a0c21"): 8 hex digits.
std::string new_device_id(IdGenerator& ids);

}  // namespace kariz
