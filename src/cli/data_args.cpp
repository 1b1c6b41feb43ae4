#include "data_args.h"

#include "data/dataset_ops.h"
#include "data/file_kind.h"
#include "data/formats.h"

#ifndef DIGITLAB_MNIST_DIR
#define DIGITLAB_MNIST_DIR "build/deps/mnist"
#endif

namespace digitlab::cli {
namespace {

struct DatasetPaths {
  std::string images, labels;
};

DatasetPaths bundled_mnist(MnistPart part) {
  const std::string dir = DIGITLAB_MNIST_DIR;
  const std::string prefix = part == MnistPart::Train ? "/train" : "/t10k";
  return {dir + prefix + "-images-idx3-ubyte", dir + prefix + "-labels-idx1-ubyte"};
}

// A model named where data belongs is said to be one (by the core's one sniffer, file_kind),
// rather than failing as a CSV or IDX file that does not parse.
Status refuse_model(const std::vector<uint8_t>& bytes, const std::string& path,
                    const std::string& what) {
  if (file_kind(bytes.data(), bytes.size()) != FileKind::Model) return Status::success();
  return fail(what + " (" + path + ") is a digitlab model, not a dataset: give it with --model");
}

}  // namespace

Result<Dataset> load_dataset(const std::string& images, const std::string& labels, MnistPart part,
                             const std::string& what) {
  std::string images_path = images, labels_path = labels;
  if (images_path.empty()) {
    if (!labels_path.empty()) return fail(what + " labels were given without the images");
    const DatasetPaths mnist = bundled_mnist(part);
    images_path = mnist.images;
    labels_path = mnist.labels;
  }
  Result<std::vector<uint8_t>> image_bytes = read_file(images_path);
  if (!image_bytes) return fail(what + ": " + image_bytes.error());
  if (Status s = refuse_model(*image_bytes, images_path, what); !s) return fail(s.error());
  Result<Dataset> data = Error{"no data"};
  if (labels_path.empty()) {
    data = parse_single_file_dataset(image_bytes->data(), image_bytes->size());
  } else {
    Result<std::vector<uint8_t>> label_bytes = read_file(labels_path);
    if (!label_bytes) return fail(what + ": " + label_bytes.error());
    if (Status s = refuse_model(*label_bytes, labels_path, what + " labels"); !s)
      return fail(s.error());
    data = parse_idx(image_bytes->data(), image_bytes->size(), label_bytes->data(),
                     label_bytes->size());
  }
  if (!data) return fail(what + " (" + images_path + "): " + data.error());
  return data;
}

Status check_dataset_options(const Args& args, const char* images_option,
                             const char* labels_option) {
  if (args.has(labels_option) && !args.has(images_option))
    return fail(std::string("--") + labels_option + " was given without --" + images_option);
  return Status::success();
}

std::vector<NamedPath> dataset_inputs(const Args& args, const char* images_option,
                                      const char* labels_option, MnistPart part) {
  if (args.has(images_option)) return given_paths(args, {images_option, labels_option});
  const DatasetPaths mnist = bundled_mnist(part);
  const std::string what = part == MnistPart::Train ? "training" : "test";
  return {{"the bundled MNIST " + what + " images", mnist.images},
          {"the bundled MNIST " + what + " labels", mnist.labels}};
}

void truncate_dataset(Dataset& data, size_t n) {
  if (n == 0 || n >= data.size()) return;
  data.labels.resize(n);
  data.pixels.resize(n * data.pixels_per_image());
}

}  // namespace digitlab::cli
