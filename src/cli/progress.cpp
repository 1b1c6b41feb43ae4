#include "progress.h"

#include <cmath>
#include <cstdio>

namespace digitlab::cli {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e9) return "-:--";
  const long long s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

std::string format_rate(double count, double seconds) {
  const double rate = count / seconds;
  if (!(seconds > 0) || !std::isfinite(seconds) || !std::isfinite(rate)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", rate);
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
  // No ETA before the first sample: "-:--", not a made-up 0:00.
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : -1.0;
  const std::string rate_text = format_rate(static_cast<double>(done), elapsed);
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
    std::fprintf(stderr, "\r%s [%s] %3d%% %zu/%zu  %s samples/s  ETA %s ", label.c_str(),
                 bar.c_str(), static_cast<int>(fraction * 100), done, total_, rate_text.c_str(),
                 format_duration(eta).c_str());
    std::fflush(stderr);
    return;
  }
  const int decile = static_cast<int>(fraction * 10);
  if (decile == last_decile_) return;
  last_decile_ = decile;
  std::printf("%s: %d%% (%zu/%zu), %s samples/s, ETA %s\n", label.c_str(), decile * 10, done,
              total_, rate_text.c_str(), format_duration(eta).c_str());
  std::fflush(stdout);
}

void Progress::finish_line() {
  if (interactive_ && drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace digitlab::cli
