// The bundled models' manifest (models.txt beside pretrained.dlm): which models the build
// trained, under which name, in which file, how well each reads MNIST's test set (measured by
// the build) and what it is, in one line. Written by `digitlab manifest` at build time, read by
// the app's model menu on the desktop and in the page. One home for the format:
//
//   # a comment line (ignored), as are empty lines
//   book<TAB>pretrained.dlm<TAB>0.9751<TAB>the book's headline 784-200-10 ...
//   strong<TAB>strong.dlm<TAB>0.9862<TAB>784-512-10 ReLU ...
//
// The first model is the default: the one the app opens with.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace digitlab {

constexpr const char* kModelManifestFile = "models.txt";
constexpr size_t kMaxModelManifestBytes = size_t(64) << 10;  // far above a few lines
constexpr size_t kMaxModelNameLength = 32;

struct BundledModel {
  std::string name;     // a-z, 0-9 and '-': what ?model=NAME and --model NAME say
  std::string file;     // a .dlm file name in the manifest's folder, no folder part
  double accuracy = 0;  // on MNIST's test set, 0..1
  std::string summary;  // one line on what it is (the preset's summary)
};

// Refuses a name, file, accuracy or summary the format cannot carry, with a message.
Status check_bundled_model(const BundledModel& model);

// Every line checked; a message names the line. An empty manifest, or one name twice, is refused.
Result<std::vector<BundledModel>> parse_model_manifest(const uint8_t* data, size_t size);
// The text parse_model_manifest reads back (the models must pass check_bundled_model).
std::string format_model_manifest(const std::vector<BundledModel>& models);

// The model of that name, or null.
const BundledModel* find_bundled_model(const std::vector<BundledModel>& models,
                                       const std::string& name);
// "There is no bundled model 'x' (one of: book, strong)."
std::string unknown_model_message(const std::vector<BundledModel>& models, const std::string& name);
// "97.51%": the accuracy as the menu and the manifest's readers show it.
std::string accuracy_text(double accuracy);

}  // namespace digitlab
