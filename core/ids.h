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

private:
    uint64_t state_;
};

bool is_uuid(const std::string& s);

}  // namespace kariz
