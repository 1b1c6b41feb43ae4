// Augmentation in training (image/training_sample.h, training/trainer.h): what one sample
// becomes, that a run trains on exactly those samples whatever its slices, the book's copies,
// the settings' text form, and a pinned run that must give the same weights natively and in
// WebAssembly.
#include <doctest/doctest.h>

#include <cmath>

#include "image/augment_spec.h"
#include "image/training_sample.h"
#include "mnist_slice.h"
#include "run_config.h"
#include "training/trainer.h"
#include "weights_hash.h"

using namespace digitlab;

namespace {

// Every transform at once, strong enough to move each pixel.
AugmentConfig everything() {
  AugmentConfig c;
  c.rotate_degrees = 12;
  c.scale = 0.15f;
  c.shear = 0.3f;
  c.shift_pixels = 2;
  c.elastic_alpha = 20;
  c.elastic_sigma = 4;
  c.thickness = 0.8f;
  return c;
}

// The centre of mass of a 28x28 byte image.
void mass_centre(const uint8_t* p, double& cx, double& cy) {
  double sum = 0, sx = 0, sy = 0;
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      sum += p[y * 28 + x];
      sx += p[y * 28 + x] * (x + 0.5);
      sy += p[y * 28 + x] * (y + 0.5);
    }
  cx = sx / sum;
  cy = sy / sum;
}

// The dataset a run with `augment` trains on, made sample by sample as the trainer promises:
// position p of each epoch is version p % copies of image p / copies (file order), drawn with
// the run's seed and the sample's index in the run.
Dataset made_by_hand(const Dataset& data, const AugmentConfig& augment, uint64_t seed, int epochs) {
  Dataset out;
  const size_t copies = static_cast<size_t>(augment.copies());
  const size_t per_epoch = data.size() * copies;
  out.pixels.resize(per_epoch * size_t(epochs) * kImagePixels);
  for (size_t i = 0; i < per_epoch * size_t(epochs); ++i) {
    const size_t p = i % per_epoch, image = p / copies;
    training_sample(data.image(image), out.pixels.data() + i * kImagePixels, kImageSide, augment,
                    static_cast<int>(p % copies), seed, i);
    out.labels.push_back(data.labels[image]);
  }
  return out;
}

}  // namespace

TEST_CASE("a training sample: a copy without augmentation, the book's turned copies") {
  const Dataset d = mnist_test::first_images("train", 1);
  std::vector<uint8_t> out(kImagePixels), want(kImagePixels);
  AugmentConfig none;
  training_sample(d.image(0), out.data(), kImageSide, none, 0, 1, 5);
  CHECK(std::equal(out.begin(), out.end(), d.image(0)));
  AugmentConfig book = *parse_augment("book");
  CHECK(book.copies() == 3);
  training_sample(d.image(0), out.data(), kImageSide, book, 1, 1, 5);
  book_rotation(d.image(0), want.data(), kImageSide, 10);
  CHECK(out == want);
  training_sample(d.image(0), out.data(), kImageSide, book, 2, 1, 5);
  book_rotation(d.image(0), want.data(), kImageSide, -10);
  CHECK(out == want);
}

TEST_CASE("a training sample depends on the seed and its index alone, and is centred") {
  const Dataset d = mnist_test::first_images("train", 3);
  const AugmentConfig c = everything();
  std::vector<uint8_t> a(kImagePixels), b(kImagePixels);
  training_sample(d.image(2), a.data(), kImageSide, c, 0, 7, 123);
  training_sample(d.image(2), b.data(), kImageSide, c, 0, 7, 123);
  CHECK(a == b);
  training_sample(d.image(2), b.data(), kImageSide, c, 0, 7, 124);
  CHECK(a != b);
  training_sample(d.image(2), b.data(), kImageSide, c, 0, 8, 123);
  CHECK(a != b);
  // Shifted far off-centre, the centring brings the mass back to the middle; without it
  // the mass stays where the shift put it.
  AugmentConfig shifted;
  shifted.shift_pixels = 6;
  for (uint64_t index = 0; index < 20; ++index) {
    double cx, cy;
    training_sample(d.image(0), a.data(), kImageSide, shifted, 0, 1, index);
    mass_centre(a.data(), cx, cy);
    CHECK(std::abs(cx - 14) < 1.0);
    CHECK(std::abs(cy - 14) < 1.0);
  }
  shifted.centre = false;
  double moved = 0, x0, y0;
  mass_centre(d.image(0), x0, y0);
  for (uint64_t index = 0; index < 20; ++index) {
    double cx, cy;
    training_sample(d.image(0), a.data(), kImageSide, shifted, 0, 1, index);
    mass_centre(a.data(), cx, cy);
    moved = std::max(moved, std::hypot(cx - x0, cy - y0));
  }
  CHECK(moved > 3.0);
}

TEST_CASE("an augmented run trains on exactly the samples made for it, however it is sliced") {
  const Dataset data = mnist_test::first_images("train", 160);
  for (int batch : {1, 8}) {
    CAPTURE(batch);
    TrainingConfig c = digitlab_test::run_config(0.1f, 2, false, 3, batch);
    c.augment = everything();
    c.augment.copies_degrees = 10;  // both at once
    Network sliced({784, 24, 10}, 3), whole({784, 24, 10}, 3), by_hand({784, 24, 10}, 3);
    Trainer ts(sliced, data, c);
    CHECK(ts.samples_per_epoch() == 480);
    size_t ended = 0;
    while (!ts.stats().finished) {
      ts.step(37);
      ended += ts.epoch_just_ended();
    }
    CHECK(ended == 2);
    CHECK(ts.stats().samples_seen == 960);
    Trainer tw(whole, data, c);
    while (!tw.stats().finished) tw.step(5000);
    CHECK(sliced.weights() == whole.weights());
    // The same run on the made samples, without augmentation, in one epoch.
    const Dataset made = made_by_hand(data, c.augment, c.seed, c.epochs);
    TrainingConfig plain = c;
    plain.augment = AugmentConfig{};
    plain.epochs = 1;
    Trainer th(by_hand, made, plain);
    // The schedule (constant here) and the batches line up: one epoch of 960 = two of 480.
    while (!th.stats().finished) th.step(5000);
    CHECK(by_hand.weights() == sliced.weights());
  }
}

TEST_CASE("an augmented step makes at most kAugmentPiece samples, in whole batches") {
  const Dataset data = mnist_test::first_images("train", 5000);
  TrainingConfig c = digitlab_test::run_config(0.01f, 1, false, 1, 10);
  c.augment.rotate_degrees = 5;
  Network net({784, 8, 10}, 1);
  Trainer t(net, data, c);
  CHECK(t.step(5000) == 4090);
  CHECK(t.step(5000) == 910);
  CHECK(t.epoch_just_ended());
}

TEST_CASE("augmentation settings as text: read back, and refused with the setting's name") {
  const AugmentConfig c = *parse_augment("rotate=12,shear=0.3,elastic=34:5,thickness=0.8");
  CHECK(c.rotate_degrees == 12.0f);
  CHECK(c.shear == doctest::Approx(0.3));
  CHECK(c.elastic_alpha == 34.0f);
  CHECK(c.elastic_sigma == 5.0f);
  for (AugmentConfig a : {c, everything(), *parse_augment("book"), AugmentConfig{}}) {
    a.centre = !a.centre;
    CHECK(*parse_augment(augment_text(a)) == a);
  }
  CHECK(augment_text(AugmentConfig{}) == "none");
  CHECK(parse_augment("rotate=-5").error().find("rotate") != std::string::npos);
  CHECK(parse_augment("elastic=10:0").error().find("sigma") != std::string::npos);
  CHECK(parse_augment("scale=0.5").error().find("scale") != std::string::npos);
  CHECK(parse_augment("twist=3").error().find("unknown setting 'twist'") != std::string::npos);
  CHECK(parse_augment("rotate").error().find("name=value") != std::string::npos);
  CHECK(parse_augment("rotate=ten").error().find("needs a number") != std::string::npos);
  CHECK(parse_augment("centre=maybe").error().find("on or off") != std::string::npos);
  TrainingConfig t;
  t.augment.elastic_sigma = 0;
  CHECK(validate_config(t).error().find("sigma") != std::string::npos);
}

TEST_CASE("an augmented run gives the same weights natively and in WebAssembly (pinned)") {
  const Dataset data = mnist_test::first_images("train", 200);
  TrainingConfig c = digitlab_test::run_config(0.1f, 1, true, 5, 4);
  c.augment = everything();
  c.augment.copies_degrees = 10;
  Network net({784, 20, 10}, 5);
  Trainer t(net, data, c);
  while (!t.stats().finished) t.step(100);
  CHECK(weights_hash(net) == 5854762505455561510ull);
}
