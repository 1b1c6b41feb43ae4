// steady_seconds: the app's monotonic clock, in seconds. The session's default clock, the thread
// host's runner's, and the panels' own timings read it; header-only, so the runner's test target
// (built without the session) has it too.
#pragma once
#include <chrono>

namespace digitlab {

inline double steady_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace digitlab
