// digitlab: headless train / eval / predict for the book's network (used by tests, benchmarks
// and the build, which trains the app's pre-trained network with it).
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
  return 1;
}

}  // namespace digitlab::cli

namespace {

const char* kUsage =
    "usage: digitlab <command> [options]\n"
    "\n"
    "commands:\n"
    "  train     train a network (the book's 784-200-10 sigmoid network by default)\n"
    "  eval      test accuracy and confusion matrix of a model file\n"
    "  predict   classify a PNG drawing or one image of an IDX file\n"
    "  slice     copy some images of an IDX/CSV dataset into a new IDX pair\n"
    "\n"
    "'digitlab <command> --help' describes each. With no data paths, the bundled MNIST is used.\n"
    "\n"
    "environment:\n"
    "  DIGITLAB_SIMD=sse2  keep the kernels on 4-float vectors on a CPU with AVX2 (the same\n"
    "                      results, slower; for comparing them). Default: auto.\n";

// DIGITLAB_SIMD (see kUsage). Returns false for a value it does not know.
bool apply_simd_choice() {
  const char* simd = std::getenv("DIGITLAB_SIMD");
  if (!simd || !std::strcmp(simd, "") || !std::strcmp(simd, "auto")) return true;
  if (std::strcmp(simd, "sse2") != 0) return false;
  digitlab::kernels::allow_wide_vectors(false);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace digitlab::cli;
  // Past a file-size limit (ulimit -f) the kernel would kill the process with SIGXFSZ in the
  // middle of a write, leaving write_file's temporary file behind; ignored, the write fails with
  // EFBIG and write_file cleans up and reports it like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!apply_simd_choice()) {
    std::fprintf(stderr, "digitlab: DIGITLAB_SIMD must be auto or sse2, got '%s'\n",
                 std::getenv("DIGITLAB_SIMD"));
    return 2;
  }
  const std::string command = argv[1];
  // A last resort, native only (the CLI is never built for the web, where exceptions are not
  // caught): every size taken from input is capped before it is allocated (network.h,
  // formats.h, png_reader.h), but a machine with less memory than a cap allows still gets a
  // message and exit code 1 rather than an abort.
  try {
    if (command == "train") return train_command(argc, argv);
    if (command == "eval") return eval_command(argc, argv);
    if (command == "predict") return predict_command(argc, argv);
    if (command == "slice") return slice_command(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr,
                 "digitlab %s: out of memory (the data or network asked for is larger "
                 "than this machine can hold)\n",
                 command.c_str());
    return 1;
  }
  std::fprintf(stderr, "digitlab: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
