// Test fixtures shared by the unit test files.
#pragma once
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include "qualification.h"

// The frameworks of assets/frameworks.json, as the app loads them.
inline std::vector<kariz::Framework> load_frameworks() {
    std::ifstream f(std::string(KARIZ_ASSETS_DIR) + "/frameworks.json");
    std::stringstream ss;
    ss << f.rdbuf();
    std::vector<kariz::Framework> fs;
    std::string error;
    REQUIRE_MESSAGE(kariz::read_frameworks(ss.str(), fs, error), error);
    return fs;
}
