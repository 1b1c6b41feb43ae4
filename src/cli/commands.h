// The CLI's subcommands. Each parses its own options (argv[2..]) and returns the exit status.
#pragma once
#include <string>

namespace digitlab::cli {

int train_command(int argc, char** argv);
int eval_command(int argc, char** argv);
int predict_command(int argc, char** argv);
int slice_command(int argc, char** argv);

// Shared by the commands: print "digitlab <command>: <message>" to stderr, return 1.
int report_error(const char* command, const std::string& message);

}  // namespace digitlab::cli
