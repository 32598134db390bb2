// Test fixtures shared by the unit test files.
#pragma once
#include <doctest/doctest.h>
#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include "qualification.h"
#include "snapshot.h"

// A file of assets/ as text.
inline std::string read_asset(const char* name) {
    std::ifstream f(std::string(KARIZ_ASSETS_DIR) + "/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// The files of folder `dir` whose names end with `suffix`, in name order.
inline std::vector<std::string> files_in(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) out.push_back(dir + "/" + n);
        }
        closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The frameworks of assets/frameworks.json, as the app loads them.
inline std::vector<kariz::Framework> load_frameworks() {
    std::vector<kariz::Framework> fs;
    std::string error;
    REQUIRE_MESSAGE(kariz::read_frameworks(read_asset("frameworks.json"), fs, error), error);
    return fs;
}

// The sample board of assets/sample.json, read as the app reads it.
inline kariz::Workspace load_sample_workspace() {
    kariz::Workspace ws;
    std::string error;
    REQUIRE_MESSAGE(kariz::read_snapshot(read_asset("sample.json"), ws, error), error);
    return ws;
}
