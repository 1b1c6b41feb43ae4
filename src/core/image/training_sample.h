// What the trainer feeds the network for one sample of a run with augmentation: one trained
// version of an image (the image itself, or the book's copy at +d or -d degrees), then the
// random transforms and the MNIST-style centring (augment.h). The randomness of a sample comes
// from the run's seed and the sample's index in the run alone, so a run gives the same bytes
// however it is sliced into steps, natively and in WebAssembly. A run that continues a model
// counts from 0 again: with the same seed it draws the same distortions as the run before it
// (give it another seed for others). The app's preview row
// (training_preview.h) calls the same function: what it shows is what the network trains on.
#pragma once
#include <cstdint>

#include "image/augment.h"

namespace digitlab {

// version: 0 the image, 1 turned by +copies_degrees, 2 by -copies_degrees (config.copies()
// versions). in and out are side x side bytes, not aliasing.
void training_sample(const uint8_t* in, uint8_t* out, int side, const AugmentConfig& config,
                     int version, uint64_t seed, uint64_t sample_index);

}  // namespace digitlab
