// The CLI's subcommands. Each parses its own options (argv[2..]) and returns the exit status.
//
// Exit statuses, the same for every command:
//   0  done
//   1  the run failed: a file that cannot be read or written, data or a model that is refused,
//      training that diverged, out of memory
//   2  the command line is wrong, whatever the files hold: an unknown command or option, a
//      missing or malformed value, a value outside its range, options that contradict each
//      other (or an output that names an input); the message points to --help
#pragma once
#include <string>

namespace digitlab::cli {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int train_command(int argc, char** argv);
int eval_command(int argc, char** argv);
int predict_command(int argc, char** argv);
int slice_command(int argc, char** argv);
int weights_command(int argc, char** argv);
int back_query_command(int argc, char** argv);
int manifest_command(int argc, char** argv);

// Print "digitlab <command>: <message>" to stderr and return kExitFailed.
int report_error(const char* command, const std::string& message);
// The same, followed by a pointer to the command's --help, and return kExitUsage.
int report_usage_error(const char* command, const std::string& message);

}  // namespace digitlab::cli
