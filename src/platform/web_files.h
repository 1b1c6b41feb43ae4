// The web shell's file glue for the training panel (web/files.js is its page half): uploads
// and drops, the bundled MNIST fetched on demand, downloads, the model kept in IndexedDB
// (IDBFS at /persist), and the test hook's training fields. web_main.cpp calls these.
#pragma once
#include <string>

#include "app.h"

namespace digitlab {

// After the assets are loaded: hooks the panel up to the page, remembers the pre-trained
// model for "back to pre-trained" and switches to a model kept from an earlier visit.
void install_web_files(App& app, const std::string& assets_dir);

// The length of one frame, measured by the shell around its frame callback.
void note_frame_ms(double ms);

// state()'s training fields: training {running, phase, epoch, epochs, samplesSeen,
// samplesTotal, testAccuracy, evaluating, accuracies (before training, then per epoch)}, data
// {train, test, source}, fetch, notice, kept, frameMsMax, the longest frame since the
// previous call (which resets it), and slowFrames, how many frames took over 50 ms since the
// page loaded.
void append_training_state(std::string& json, const App& app);

}  // namespace digitlab
