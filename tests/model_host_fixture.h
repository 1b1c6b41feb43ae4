// A ModelHost (src/app/model_host.h) for the app tests that run a training panel or session
// without an App (test_training_session.cpp, test_training_panel.cpp).
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "data/model_file.h"
#include "model_host.h"

namespace training_test {

// A ModelHost of its own for a panel or session tested without an App: an optional model and
// an error line, as the App keeps them.
struct TestModelHost final : digitlab::ModelHost {
  std::optional<digitlab::Model> current;
  std::string message;

  digitlab::Model* model() override { return current ? &*current : nullptr; }
  const digitlab::Model* model() const override { return current ? &*current : nullptr; }
  digitlab::Model& adopt(digitlab::Model m) override { return current.emplace(std::move(m)); }
  void report(std::string text) override { message = std::move(text); }
  const std::string& error() const override { return message; }
};

}  // namespace training_test
