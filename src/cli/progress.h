// Training progress for the terminal: a redrawn bar with samples/s and ETA on a terminal,
// occasional plain lines when the output is a file or a pipe (logs stay readable).
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace digitlab::cli {

class Progress {
 public:
  Progress(size_t total, bool interactive);
  // done: samples so far; label: e.g. "epoch 2/5".
  void update(size_t done, const std::string& label);
  void finish_line();  // end the bar's line before other output
  double seconds() const;

 private:
  using Clock = std::chrono::steady_clock;
  size_t total_;
  bool interactive_;
  Clock::time_point start_, last_draw_;
  int last_decile_ = -1;
  bool drawn_ = false;
};

std::string format_duration(double seconds);

}  // namespace digitlab::cli
