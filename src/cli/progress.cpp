#include "progress.h"

#include <cstdio>

namespace digitlab::cli {

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

Progress::Progress(size_t total, bool interactive)
    : total_(total), interactive_(interactive), start_(Clock::now()), last_draw_(start_) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void Progress::update(size_t done, const std::string& label) {
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  if (interactive_) {
    // Redraw at most ~10 times a second, and always at the end.
    const auto now = Clock::now();
    if (done < total_ && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r%s [%s] %3d%% %zu/%zu  %.0f samples/s  ETA %s ", label.c_str(),
                 bar.c_str(), static_cast<int>(fraction * 100), done, total_, rate,
                 format_duration(eta).c_str());
    std::fflush(stderr);
    return;
  }
  const int decile = static_cast<int>(fraction * 10);
  if (decile == last_decile_) return;
  last_decile_ = decile;
  std::printf("%s: %d%% (%zu/%zu), %.0f samples/s, ETA %s\n", label.c_str(), decile * 10, done,
              total_, rate, format_duration(eta).c_str());
  std::fflush(stdout);
}

void Progress::finish_line() {
  if (interactive_ && drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace digitlab::cli
