// ThreadTrainingHost: the training thread's loop and the two queues it shares with the UI.
#include "thread_training_host.h"

#include "steady_clock.h"

namespace digitlab {

ThreadTrainingHost::ThreadTrainingHost(RunnerOptions options, std::function<void()> on_output)
    : runner_(steady_seconds, options),
      on_output_(std::move(on_output)),
      thread_([this] { loop(); }) {}

ThreadTrainingHost::~ThreadTrainingHost() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ThreadTrainingHost::send(TrainingCommand command) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    inbox_.push_back(std::move(command));
  }
  wake_.notify_one();
}

void ThreadTrainingHost::poll(TrainingOutput& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  out.append(std::move(outbox_));
}

void ThreadTrainingHost::loop() {
  std::deque<TrainingCommand> commands;
  TrainingOutput output;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // runner_ is this thread's own: reading busy() under the lock is only for the wait.
      wake_.wait(lock, [&] { return quit_ || !inbox_.empty() || runner_.busy(); });
      if (quit_) return;
      commands.swap(inbox_);
    }
    for (TrainingCommand& c : commands) runner_.handle(std::move(c));
    commands.clear();
    if (runner_.busy()) runner_.work(kWorkSeconds);
    runner_.take(output);
    if (output.empty()) continue;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      outbox_.append(std::move(output));
    }
    if (on_output_) on_output_();
  }
}

}  // namespace digitlab
