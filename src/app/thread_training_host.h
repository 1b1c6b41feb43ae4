// ThreadTrainingHost: a TrainingRunner on its own std::thread (the desktop's host). Commands go
// in through a queue, output comes back through a mailbox, both under one mutex; the runner
// itself is touched by the thread only. The thread sleeps on a condition variable while there
// is nothing to do (no run, or paused) and works in short pieces while running, so a command
// is taken within a piece's time.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "training_host.h"

namespace digitlab {

class ThreadTrainingHost final : public TrainingHost {
 public:
  // on_output, if set, is called on the training thread after new output is ready: a sleeping
  // UI wakes on it (e.g. glfwPostEmptyEvent). It must not call back into the host.
  explicit ThreadTrainingHost(RunnerOptions options = {}, std::function<void()> on_output = {});
  ~ThreadTrainingHost() override;  // stops the thread (a run under way is dropped)
  ThreadTrainingHost(const ThreadTrainingHost&) = delete;
  ThreadTrainingHost& operator=(const ThreadTrainingHost&) = delete;

  void send(TrainingCommand command) override;
  void poll(TrainingOutput& out) override;
  void update(double) override {}
  bool runs_on_caller() const override { return false; }

 private:
  void loop();

  static constexpr double kWorkSeconds = 0.01;  // between two looks at the command queue

  TrainingRunner runner_;  // the thread's only
  std::function<void()> on_output_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<TrainingCommand> inbox_;  // under mutex_
  TrainingOutput outbox_;              // under mutex_
  bool quit_ = false;                  // under mutex_
  std::thread thread_;                 // last: starts once the rest is built
};

}  // namespace digitlab
