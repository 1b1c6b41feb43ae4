#include "network/rng.h"

#include <cassert>
#include <cmath>

namespace digitlab {

double portable_log(double x) {
  assert(x > 0.0);
  // x = m · 2^e with m in [√½, √2), then ln m = 2·atanh(z), z = (m-1)/(m+1), |z| < 0.172:
  // the odd series z + z³/3 + z⁵/5 + ... reaches double precision in under 20 terms.
  // frexp and ldexp are exact (they only move the exponent), so every step is IEEE-exact.
  int e = 0;
  double m = std::frexp(x, &e);  // m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  const double z = (m - 1.0) / (m + 1.0);
  const double z2 = z * z;
  double term = z, sum = 0.0;
  for (int k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= z2;
  }
  constexpr double kLn2 = 0.69314718055994530942;
  return 2.0 * sum + e * kLn2;
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // Marsaglia's polar method: needs only log and sqrt (sqrt is correctly rounded by IEEE 754).
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * portable_log(s) / s);
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

}  // namespace digitlab
