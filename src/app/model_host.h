// ModelHost: the few things the training panel (and the session it runs) may do with the app's
// model and its message line: read the model, put a new one in its place, report a message.
// App implements it; the tests use a small stand-in (tests/training_fixtures.h). The panel
// sees nothing else of the App, so what it can change is written here.
#pragma once
#include <string>

#include "data/model_file.h"

namespace digitlab {

class ModelHost {
 public:
  // The current model, or null while there is none. A run trains it in place: the pointer
  // stays valid until the next adopt().
  virtual Model* model() = 0;
  virtual const Model* model() const = 0;
  // Makes `model` the current one (replacing any) and returns it where it now lives.
  virtual Model& adopt(Model model) = 0;
  // The app's error line: report() shows a message there ("" clears it), error() reads it.
  virtual void report(std::string message) = 0;
  virtual const std::string& error() const = 0;

 protected:
  ~ModelHost() = default;  // not owned through this interface
};

}  // namespace digitlab
