// The preprocessing steps on screen: raw -> cropped -> 20x20 -> centred 28x28, each a small
// image with its caption and size, so one can see what the network is actually given.
#pragma once
#include "image/preprocess.h"

namespace digitlab {

// A greyscale image of any size, centred in a box x box square at the cursor, in whole-pixel
// cells: a large image is area-averaged into blocks first so that no cell is under 2 px.
void grey_image(const GreyImage& image, float box);

// The four steps side by side in `width` pixels. An empty drawing shows empty boxes.
void preprocess_steps(const GreyImage& raw, const Preprocessed& steps, float width);

}  // namespace digitlab
