// Augmentation settings as text, the one form the CLI's --augment, the model's description and
// the README share: comma-separated name=value pairs, e.g.
//   rotate=12,shear=0.3,elastic=34:4,thickness=0.8
// Names: rotate (degrees), scale, shear, shift (pixels), elastic (alpha, or alpha:sigma),
// thickness (pixels), centre (on/off), copies (degrees: the book's rotated copies). The word
// "book" is the book's recipe (copies=10), "none" no augmentation. Unnamed settings keep their
// defaults (augment.h); each value is checked by validate_augment.
#pragma once
#include <string>

#include "image/augment.h"
#include "result.h"

namespace digitlab {

Result<AugmentConfig> parse_augment(const std::string& spec);
// The settings that differ from the defaults, in parse_augment's form ("none" for none):
// parse_augment(augment_text(c)) == c.
std::string augment_text(const AugmentConfig& config);

}  // namespace digitlab
