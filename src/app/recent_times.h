// RecentTimes: the last few durations of something the app does every frame or every edit
// (a forward pass, a preprocessing, a frame), kept for read-only figures such as the page's
// state().query. Fixed size and allocation-free, so keeping it costs nothing per frame.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>

namespace digitlab {

class RecentTimes {
 public:
  static constexpr size_t kCapacity = 120;  // about two seconds of frames at 60 Hz

  void add(double ms) {
    values_[next_] = ms;
    next_ = (next_ + 1) % kCapacity;
    count_ = std::min(count_ + 1, kCapacity);
  }
  size_t count() const { return count_; }
  double mean() const {
    double sum = 0;
    for (size_t i = 0; i < count_; ++i) sum += values_[i];
    return count_ ? sum / static_cast<double>(count_) : 0;
  }
  // A browser coarsens its clock (to 0.1 ms in Chromium without cross-origin isolation), so
  // the median of short durations is a multiple of that step; the mean averages it out.
  double median() const {
    if (count_ == 0) return 0;
    std::array<double, kCapacity> sorted = values_;
    const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(count_ / 2);
    std::nth_element(sorted.begin(), mid, sorted.begin() + static_cast<std::ptrdiff_t>(count_));
    return *mid;
  }

 private:
  std::array<double, kCapacity> values_{};
  size_t next_ = 0, count_ = 0;
};

}  // namespace digitlab
