// What the Inside section's tabs may read and do beyond drawing: one struct, so what a tab may
// touch of the App is written in one place (like ModelHost for the training panel).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "item_rects.h"
#include "model_host.h"
#include "network/network.h"
#include "training_session.h"

namespace digitlab {

class MyDigitsView;  // my_digits_view.h

struct InsideContext {
  const Network& net;  // the current model's network
  // Network::query's result for the drawing (input first); empty without ink.
  const std::vector<std::vector<float>>& activations;
  // The true label of the test digit in the pad (App::true_label), -1 for a drawing.
  int pad_label = -1;
  // The model itself (a tab that changes it, e.g. applying one training step) and the app's
  // message line. Change the model only while no run trains it (!session.running()): a run
  // trains it in place; a paused one's engines take the weights as they find them on resuming.
  ModelHost& host;
  // The bundled pre-trained model (as the build made it, whatever the current one is), or null.
  const Model* bundled;
  // The datasets (the test set), the run and its evaluations.
  TrainingSession& session;
  // Puts a 28x28 image (0 = background, 255 = ink) into the drawing pad, with its true label
  // (-1 if none), so the network answers for it as for a test digit.
  std::function<void(const uint8_t* pixels, int label)> show_in_pad;
  // Where the tabs' clickable items were drawn this frame (note_last_item), for the page's
  // test hook; cleared each frame the section is drawn.
  ItemRects& rects;
  // The My digits tab: the App owns it, since its row under the pad is drawn every frame.
  MyDigitsView& my_digits;
};

}  // namespace digitlab
