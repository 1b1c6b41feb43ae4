#include "output_paths.h"

#include <filesystem>
#include <system_error>

namespace digitlab::cli {

std::vector<NamedPath> given_paths(const Args& args, std::initializer_list<const char*> options) {
  std::vector<NamedPath> out;
  for (const char* option : options)
    if (args.has(option)) out.push_back({std::string("--") + option, args.get(option)});
  return out;
}

bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    const bool same = fs::equivalent(a, b, ec);
    if (!ec) return same;
  }
  std::error_code ec_a, ec_b;
  const fs::path ca = fs::weakly_canonical(a, ec_a);
  const fs::path cb = fs::weakly_canonical(b, ec_b);
  if (ec_a || ec_b) return a == b;
  return ca == cb;
}

Status check_output_paths(const std::vector<NamedPath>& inputs,
                          const std::vector<NamedPath>& outputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const NamedPath& out = outputs[i];
    for (const NamedPath& in : inputs)
      if (same_file(out.path, in.path))
        return fail(out.name + " '" + out.path + "' is the same file as " + in.name + " ('" +
                    in.path + "'): refusing to overwrite an input; choose another output file");
    for (size_t j = 0; j < i; ++j)
      if (same_file(out.path, outputs[j].path))
        return fail(out.name + " and " + outputs[j].name + " name the same file '" + out.path +
                    "': each output needs its own file");
  }
  return Status::success();
}

}  // namespace digitlab::cli
