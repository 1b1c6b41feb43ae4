#include "training/training_health.h"

#include <algorithm>
#include <cstdio>

namespace digitlab {

std::optional<std::string> saturation_warning(const Evaluation& eval, float learning_rate,
                                              Optimizer optimizer) {
  if (eval.total < kMinImagesToDiagnose || eval.non_finite > 0) return std::nullopt;
  if (eval.accuracy() >= kChanceAccuracy) return std::nullopt;
  bool stuck = true;
  for (int k = 0; k < kClasses; ++k)
    stuck &= eval.output_high[k] - eval.output_low[k] < kStuckSpread;
  // The answer given most often, and to what share of the test images.
  uint32_t most = 0;
  int answer = 0;
  for (int p = 0; p < kClasses; ++p) {
    uint32_t n = 0;
    for (int a = 0; a < kClasses; ++a) n += eval.confusion[a][p];
    if (n > most) most = n, answer = p;
  }
  const double share = static_cast<double>(most) / static_cast<double>(eval.total);
  if (!stuck && share < kOneAnswerShare) return std::nullopt;

  char symptom[160];
  if (stuck)
    std::snprintf(symptom, sizeof symptom, "every output is stuck (the same for every test image)");
  else
    std::snprintf(symptom, sizeof symptom, "it answers %d for %.0f%% of the test images", answer,
                  share * 100.0);
  // A rate at or below the usual one that still saturates gets no number to try.
  const float usual = usual_learning_rate(optimizer);
  char text[400];
  std::snprintf(text, sizeof text,
                "training has saturated: test accuracy %.1f%% is at chance and %s; the learning "
                "rate %g is likely too large - try %s",
                eval.accuracy() * 100.0, symptom, static_cast<double>(learning_rate),
                learning_rate > usual ? learning_rate_text(usual).c_str() : "a smaller one");
  return std::string(text);
}

}  // namespace digitlab
