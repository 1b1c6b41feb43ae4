// Augmentation: random distortions of a 28x28 training digit, so that a network learns the
// strokes people draw (slanted, rotated, shifted, thicker or thinner) and not only MNIST's
// own. Each transform is deterministic for a seed, natively and in WebAssembly alike: the
// trigonometry and the Gaussian here are built from IEEE-exact operations (like rng.h's
// portable_log), never from the platform's libm.
//   rotation, scale, shear, shift  one affine map, sampled bilinearly
//   elastic distortion             Simard et al. (2003): a random displacement field, uniform
//                                  in [-1, 1] per pixel and axis, smoothed by a Gaussian of
//                                  sigma, scaled by alpha (pixels)
//   thickness                      ink grown (dilation) or thinned (erosion) by up to a pixel
//                                  or two, fractional amounts blended
// The book's recipe, each training image also at +10 and -10 degrees, is book_rotation().
#pragma once
#include <cstdint>

#include "network/rng.h"
#include "result.h"

namespace digitlab {

// Each setting is the half-width of a uniform range around "no change"; 0 turns it off.
struct AugmentConfig {
  float rotate_degrees = 0;  // the angle, in [-r, r]; at most 45
  float scale = 0;           // the size factor, in [1 - s, 1 + s]; s < 0.5
  float shear = 0;           // x += shear * y (about the centre), in [-h, h]; at most 0.5
  float shift_pixels = 0;    // each axis, in [-p, p]; at most 8
  float elastic_alpha = 0;   // the displacement's scale in pixels (Simard: 34 on 28x28)
  float elastic_sigma = 4;   // the smoothing Gaussian's sigma in pixels (Simard: 4); > 0
  float thickness = 0;       // ink grown (> 0) or thinned (< 0) by up to this many pixels; <= 2
  // After the random transforms, the MNIST-style centring a drawing gets (preprocess.h), so the
  // network trains on what it is shown. It undoes most of a shift and a uniform scale.
  bool centre = true;
  // The book's rotated copies: each image is also trained at +copies_degrees and
  // -copies_degrees (the book: 10), as the book does it (not centred, unless random transforms
  // are on too: then each copy is transformed and centred like any sample). 0 = off; <= 45.
  float copies_degrees = 0;

  bool any() const;  // a random transform is on (copies aside)
  int copies() const { return copies_degrees > 0 ? 3 : 1; }  // trained versions of each image
  bool operator==(const AugmentConfig& o) const;
  bool operator!=(const AugmentConfig& o) const { return !(*this == o); }
};

// The first setting out of range, in the words a user needs ("rotate must be 0..45 degrees");
// success for a config augment_image can use.
Status validate_augment(const AugmentConfig& config);

// One augmented copy of a side x side image (0 = background, 255 = ink) into out (side*side,
// not aliasing in), drawing what it needs from rng: the same rng state, the same bytes.
void augment_image(const uint8_t* in, uint8_t* out, int side, const AugmentConfig& config,
                   Rng& rng);

// The single transforms, for augment_image and the tests. Angles in degrees, counter-clockwise
// as the image is seen (y grows downwards); all about the image's centre.
void affine_image(const uint8_t* in, uint8_t* out, int side, float rotate_degrees, float scale,
                  float shear, float shift_x, float shift_y);
void elastic_image(const uint8_t* in, uint8_t* out, int side, float alpha, float sigma, Rng& rng);
void thicken_image(const uint8_t* in, uint8_t* out, int side, float pixels);

// The book's rotated copies: the image turned by `degrees` (the book uses +10 and -10).
inline void book_rotation(const uint8_t* in, uint8_t* out, int side, float degrees) {
  affine_image(in, out, side, degrees, 1.0f, 0.0f, 0.0f, 0.0f);
}

// sin, cos and exp from IEEE-exact operations: the same bits on every platform.
double portable_sin(double x);
double portable_cos(double x);
double portable_exp(double x);

}  // namespace digitlab
