// The first images of the bundled MNIST (DIGITLAB_MNIST_DIR), for tests that need real digits:
// dense strokes behave unlike the synthetic bands of training_fixtures.h (e.g. a too-large
// learning rate saturates every output on digits, not reliably on bands).
#pragma once
#include <doctest/doctest.h>

#include <string>

#include "data/dataset.h"
#include "data/formats.h"

#ifndef DIGITLAB_MNIST_DIR
#define DIGITLAB_MNIST_DIR "build/deps/mnist"
#endif

namespace mnist_test {

// part: "train" or "t10k".
inline digitlab::Dataset first_images(const std::string& part, size_t keep) {
  const std::string dir = DIGITLAB_MNIST_DIR;
  const auto img = digitlab::read_file(dir + "/" + part + "-images-idx3-ubyte");
  const auto lab = digitlab::read_file(dir + "/" + part + "-labels-idx1-ubyte");
  REQUIRE_MESSAGE(img.ok(), img.error());
  REQUIRE_MESSAGE(lab.ok(), lab.error());
  digitlab::Result<digitlab::Dataset> data =
      digitlab::parse_idx(img->data(), img->size(), lab->data(), lab->size());
  REQUIRE_MESSAGE(data.ok(), data.error());
  digitlab::Dataset d = std::move(*data);
  d.labels.resize(keep);
  d.pixels.resize(keep * d.pixels_per_image());
  return d;
}

}  // namespace mnist_test
