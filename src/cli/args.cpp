#include "args.h"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace digitlab::cli {

Result<Args> Args::parse(const CommandSpec& spec, int argc, char** argv, int first) {
  Args args;
  for (int i = first; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--help" || word == "-h") {
      args.values_["help"] = "";
      continue;
    }
    if (word.rfind("--", 0) != 0 || word.size() == 2)
      return fail("unexpected argument '" + word + "'");
    // --name=value or --name value: the first '=' ends the name (a value may hold more).
    const size_t equals = word.find('=');
    const std::string name =
        word.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const OptionSpec* option = nullptr;
    for (const OptionSpec& o : spec.options)
      if (o.name == name) option = &o;
    if (!option) return fail("unknown option --" + name);
    if (option->value_name.empty()) {
      if (equals != std::string::npos) return fail("--" + name + " takes no value");
      args.values_[name] = "";
    } else if (equals != std::string::npos) {
      args.values_[name] = word.substr(equals + 1);
    } else {
      if (i + 1 >= argc) return fail("--" + name + " needs a value (" + option->value_name + ")");
      args.values_[name] = argv[++i];
    }
  }
  return args;
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  const auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<long long> Args::get_int(const std::string& name, long long fallback, long long min,
                                long long max) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min || v > max)
    return fail("--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", got '" + text + "'");
  return v;
}

Result<int> Args::get_int(const std::string& name, int fallback) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX)
    return fail("--" + name + " must be a whole number, got '" + text + "'");
  return static_cast<int>(v);
}

Result<float> Args::get_float(const std::string& name, float fallback) const {
  if (!has(name)) return fallback;
  const std::string text = get(name);
  char* end = nullptr;
  const float v = std::strtof(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    return fail("--" + name + " must be a number, got '" + text + "'");
  return v;
}

Result<std::vector<int>> Args::get_int_list(const std::string& name,
                                            const std::vector<int>& fallback) const {
  if (!has(name)) return fallback;
  std::vector<int> out;
  std::stringstream in(get(name));
  std::string item;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const long v = std::strtol(item.c_str(), &end, 10);
    // Only the syntax here: what sizes a network may have is the core's check_network_shape.
    if (item.empty() || *end != '\0' || v < 1 || v > INT_MAX)
      return fail("--" + name + " must be positive whole numbers separated by commas, " + "got '" +
                  get(name) + "'");
    out.push_back(static_cast<int>(v));
  }
  if (out.empty()) return fail("--" + name + " needs at least one size");
  return out;
}

std::string usage(const CommandSpec& spec) {
  std::ostringstream out;
  out << "usage: digitlab " << spec.name << " [options]\n\n" << spec.summary << "\n\noptions:\n";
  std::vector<OptionSpec> options = spec.options;
  options.push_back({"help", "", "show this help"});
  for (const OptionSpec& o : options) {
    std::string left = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    if (left.size() < 28) left.resize(28, ' ');
    out << left << " " << o.help << "\n";
  }
  return out.str();
}

}  // namespace digitlab::cli
