#include "inside/confusion_shades.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "network/mistakes.h"

namespace digitlab {

ConfusionShades confusion_shades(const Evaluation& eval) {
  uint32_t worst = 0;  // the largest count off the diagonal
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p)
      if (a != p) worst = std::max(worst, eval.confusion[a][p]);
  const std::array<ClassAccuracy, kClasses> rows = per_class_accuracy(eval);
  ConfusionShades shade{};
  for (int a = 0; a < kClasses; ++a) {
    for (int p = 0; p < kClasses; ++p) {
      const uint32_t n = eval.confusion[a][p];
      if (n == 0) continue;
      shade[a][p] = a == p ? static_cast<float>(rows[a].accuracy())
                           : std::sqrt(static_cast<float>(n) / static_cast<float>(worst));
    }
  }
  return shade;
}

}  // namespace digitlab
