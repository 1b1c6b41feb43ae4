// A small command-line option parser, per command: --name value or --name=value, --flag, and
// --help (or -h).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "result.h"

namespace digitlab::cli {

struct OptionSpec {
  std::string name;        // without the leading "--"
  std::string value_name;  // empty for a flag
  std::string help;
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<OptionSpec> options;
};

class Args {
 public:
  // Parses argv[first..argc). Unknown options, missing values, a value given to a flag and stray
  // words are errors (the caller's usage errors, exit status 2).
  static Result<Args> parse(const CommandSpec& spec, int argc, char** argv, int first);

  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string get(const std::string& name, const std::string& fallback = "") const;
  Result<long long> get_int(const std::string& name, long long fallback, long long min,
                            long long max) const;
  // A whole number in int's range; what it may be is the caller's check (often the core's).
  Result<int> get_int(const std::string& name, int fallback) const;
  Result<float> get_float(const std::string& name, float fallback) const;
  // A comma-separated list of positive integers, e.g. --hidden 200,100.
  Result<std::vector<int>> get_int_list(const std::string& name,
                                        const std::vector<int>& fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

std::string usage(const CommandSpec& spec);

}  // namespace digitlab::cli
