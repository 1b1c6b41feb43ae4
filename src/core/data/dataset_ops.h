// Dataset operations the app and the CLI share: reading an upload whatever its format, taking
// a range, and holding out a test split when the user gives no separate test set.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>

#include "data/dataset.h"
#include "result.h"

namespace digitlab {

// A dataset from one file's bytes (CSV, raw or gzip). Half of an IDX pair given alone is
// refused with a message saying what is missing; a whole pair goes to parse_idx().
Result<Dataset> parse_single_file_dataset(const uint8_t* data, size_t size);

// Images [begin, end) as a new dataset (clamped to the data).
Dataset take(const Dataset& data, size_t begin, size_t end);

// more's images appended after to's; refused (to unchanged) if their sizes differ.
Status append_dataset(Dataset& to, const Dataset& more);

// The last `fraction` of the images (at least one, at most all but one) as a test set, the rest
// for training. The order is kept: MNIST-style files are already mixed.
std::pair<Dataset, Dataset> split_holdout(const Dataset& data, double fraction);

}  // namespace digitlab
