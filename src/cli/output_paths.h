// The one check every command makes before it runs: no output may name one of its inputs (or
// another output), so `digitlab train --train data.csv --out data.csv` cannot destroy the data.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include "args.h"
#include "result.h"

namespace digitlab::cli {

// A file a command reads or writes, with what the user knows it as ("--train", or "the bundled
// MNIST test images" for a default input).
struct NamedPath {
  std::string name;
  std::string path;
};

// The paths given for these options (by name, without "--"), skipping the ones not given.
std::vector<NamedPath> given_paths(const Args& args, std::initializer_list<const char*> options);

// True if a and b name the same file: by file system identity when both exist (a hard link or
// another spelling of the path), else by their normalised absolute paths.
bool same_file(const std::string& a, const std::string& b);

// Fails, naming both, if an output is the same file as an input or as another output.
Status check_output_paths(const std::vector<NamedPath>& inputs,
                          const std::vector<NamedPath>& outputs);

}  // namespace digitlab::cli
