// A tiny dataset shared by the format tests: three 28x28 images with a sparse pattern, labels
// 3, 1, 4. The gzip vectors in test_idx.cpp and test_csv.cpp were written by Python with the
// same formula, so the two must stay in step.
#pragma once
#include <cstdint>

#include "data/dataset.h"

inline digitlab::Dataset sparse_dataset() {
  digitlab::Dataset d;
  const uint8_t labels[] = {3, 1, 4};
  for (int k = 0; k < 3; ++k) {
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c)
        d.pixels.push_back((r * 28 + c) % (7 + k) == 0 ? static_cast<uint8_t>(255 - r) : 0);
    d.labels.push_back(labels[k]);
  }
  return d;
}
