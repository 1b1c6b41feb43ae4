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

// "m:ss"; "-:--" for a time that is not a finite number of seconds from 0 to ~30 years (an
// ETA with no rate yet), never a cast of NaN or infinity.
std::string format_duration(double seconds);
// count / seconds as a whole number ("1234"), or "-" when no time has passed or either is not
// a finite number: a line never shows "inf" or "-nan".
std::string format_rate(double count, double seconds);

}  // namespace digitlab::cli
