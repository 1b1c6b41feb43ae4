// Loading a dataset named on the command line: a CSV file, or an IDX images file with its
// labels file; with no path at all, the bundled MNIST (fetched by tests/deps.sh at build time).
#pragma once
#include <string>

#include "dataset.h"
#include "result.h"

namespace digitlab::cli {

enum class MnistPart { Train, Test };

// images: a CSV or IDX images path, or empty for the bundled MNIST part.
// labels: the IDX labels path (required for IDX images, refused for CSV).
Result<Dataset> load_dataset(const std::string& images, const std::string& labels, MnistPart part,
                             const std::string& what);

// Keep only the first n images (n == 0 keeps all).
void truncate_dataset(Dataset& data, size_t n);

}  // namespace digitlab::cli
