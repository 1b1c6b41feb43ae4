// digitlab: headless train / eval / predict / slice, and pictures of a network's inside (weights,
// back-query); used by tests, benchmarks and the build, which trains the app's pre-trained
// network with it. Each command lives in its own file.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "commands.h"
#include "kernels/kernels.h"

namespace digitlab::cli {

int report_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "digitlab %s: %s\n", command, message.c_str());
  return kExitFailed;
}

int report_usage_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "digitlab %s: %s\n(see 'digitlab %s --help')\n", command, message.c_str(),
               command);
  return kExitUsage;
}

}  // namespace digitlab::cli

namespace {

const char* kUsage =
    "usage: digitlab <command> [options]\n"
    "       digitlab --version\n"
    "\n"
    "commands:\n"
    "  train     train a network (the book's 784-200-10 sigmoid network by default)\n"
    "  eval      test accuracy and confusion matrix of a model file\n"
    "  predict   classify a PNG drawing or one image of an IDX file\n"
    "  slice     copy some images of an IDX/CSV dataset into a new IDX pair\n"
    "  weights   draw the first layer's weights as 28x28 tiles (PNG)\n"
    "  back-query  draw the picture the network associates with each digit (PNGs)\n"
    "  manifest  write the bundled models' list (models.txt) with their measured accuracy\n"
    "  help      this text, or 'digitlab help <command>': that command's options\n"
    "\n"
    "'digitlab <command> --help' describes each. With no data paths, the bundled MNIST is used.\n"
    "Options are written --name value or --name=value.\n"
    "Exit status: 0 done, 1 the run failed (a file, the data, training), 2 a wrong command line.\n"
    "\n"
    "environment:\n"
    "  DIGITLAB_SIMD=LEVEL the vector level of the hot kernels: sse2 (4 floats), avx2 (8) or\n"
    "                      avx512 (16), where this CPU has it; the same results at every level,\n"
    "                      for comparing their speed. Default: auto, the fastest for this CPU.\n";

// DIGITLAB_SIMD (see kUsage). Returns false for a value it does not know or this CPU cannot run.
bool apply_simd_choice() {
  const char* simd = std::getenv("DIGITLAB_SIMD");
  if (!simd || !std::strcmp(simd, "") || !std::strcmp(simd, "auto")) return true;
  digitlab::kernels::VectorLevel level;
  return digitlab::kernels::vector_level_named(simd, &level) &&
         digitlab::kernels::use_vector_level(level);
}

// The command's function, or null for a name that is not a command.
using Command = int (*)(int, char**);
Command find_command(const std::string& name) {
  using namespace digitlab::cli;
  if (name == "train") return train_command;
  if (name == "eval") return eval_command;
  if (name == "predict") return predict_command;
  if (name == "slice") return slice_command;
  if (name == "weights") return weights_command;
  if (name == "back-query") return back_query_command;
  if (name == "manifest") return manifest_command;
  return nullptr;
}

int unknown_command(const std::string& name) {
  std::fprintf(stderr, "digitlab: unknown command '%s'\n\n%s", name.c_str(), kUsage);
  return digitlab::cli::kExitUsage;
}

// digitlab help [COMMAND]: the overview, or the command's own --help.
int help_command(int argc, char** argv) {
  if (argc == 2) return std::fputs(kUsage, stdout), 0;
  if (argc > 3)
    return digitlab::cli::report_usage_error("help", "give at most one command to describe");
  const Command command = find_command(argv[2]);
  if (!command) return unknown_command(argv[2]);
  char help_flag[] = "--help";
  char* help_argv[] = {argv[0], argv[2], help_flag, nullptr};
  return command(3, help_argv);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace digitlab::cli;
  // Past a file-size limit (ulimit -f) the kernel would kill the process with SIGXFSZ in the
  // middle of a write, leaving write_file's temporary file behind; ignored, the write fails with
  // EFBIG and write_file cleans up and reports it like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) return std::fputs(kUsage, stderr), kExitUsage;
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") return help_command(argc, argv);
  if (command == "--version") {
    if (argc > 2) {
      std::fprintf(stderr,
                   "digitlab: --version takes no other argument, got '%s'\n"
                   "(see 'digitlab --help')\n",
                   argv[2]);
      return kExitUsage;
    }
    // The one version, CMakeLists.txt's project(VERSION), given to every program on the core.
    return std::printf("digitlab %s\n", DIGITLAB_VERSION), 0;
  }
  if (!apply_simd_choice()) {
    std::string levels = "auto";
    for (digitlab::kernels::VectorLevel level : digitlab::kernels::kVectorLevels)
      if (digitlab::kernels::vector_level_available(level))
        levels += std::string(", ") + digitlab::kernels::vector_level_name(level);
    std::fprintf(stderr,
                 "digitlab: DIGITLAB_SIMD must be one of this CPU's levels (%s), got '%s'\n"
                 "(see 'digitlab --help')\n",
                 levels.c_str(), std::getenv("DIGITLAB_SIMD"));
    return kExitUsage;
  }
  // A last resort, native only (the CLI is never built for the web, where exceptions are not
  // caught): every size taken from input is capped before it is allocated (network.h,
  // formats.h, png_reader.h), but a machine with less memory than a cap allows still gets a
  // message and exit code 1 rather than an abort.
  try {
    if (const Command run = find_command(command)) return run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "digitlab %s: out of memory (the data or network asked for is larger "
                 "than this machine can hold)\n",
                 command.c_str());
    return kExitFailed;
  }
  return unknown_command(command);
}
