// Loading a dataset named on the command line: a CSV file, or an IDX images file with its
// labels file; with no path at all, the bundled MNIST (fetched by tests/deps.sh at build time).
#pragma once
#include <string>

#include "args.h"
#include "data/dataset.h"
#include "output_paths.h"
#include "result.h"

namespace digitlab::cli {

enum class MnistPart { Train, Test };

// images: a CSV or IDX images path, or empty for the bundled MNIST part.
// labels: the IDX labels path (required for IDX images, refused for CSV).
Result<Dataset> load_dataset(const std::string& images, const std::string& labels, MnistPart part,
                             const std::string& what);

// The usage check of a dataset's two options (names without "--"), before anything is read:
// labels given without their images.
Status check_dataset_options(const Args& args, const char* images_option,
                             const char* labels_option);

// The files load_dataset reads for these options (names without "--"): the ones given, or the
// bundled MNIST part's when no images are given. For check_output_paths.
std::vector<NamedPath> dataset_inputs(const Args& args, const char* images_option,
                                      const char* labels_option, MnistPart part);

// Keep only the first n images (n == 0 keeps all).
void truncate_dataset(Dataset& data, size_t n);

}  // namespace digitlab::cli
