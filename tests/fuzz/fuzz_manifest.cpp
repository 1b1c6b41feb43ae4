// parse_model_manifest on arbitrary bytes (the whole input is the file). A manifest that parses
// must list at least one model, each passing check_bundled_model with a unique name, and format
// to a text that parses back to the same names, files and summaries, whose accuracies agree to
// the four places written, and which formats to the same text again.
#include <cmath>
#include <string>

#include "data/model_manifest.h"
#include "fuzz_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace digitlab;
  const Result<std::vector<BundledModel>> parsed = parse_model_manifest(data, size);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().empty());
    return 0;
  }
  FUZZ_CHECK(!parsed->empty());
  for (size_t i = 0; i < parsed->size(); ++i) {
    const BundledModel& m = (*parsed)[i];
    FUZZ_CHECK(check_bundled_model(m).ok());
    FUZZ_CHECK(find_bundled_model(*parsed, m.name) == &m);  // the first of its name: unique
  }
  const std::string text = format_model_manifest(*parsed);
  const Result<std::vector<BundledModel>> again =
      parse_model_manifest(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->size() == parsed->size());
  for (size_t i = 0; i < again->size(); ++i) {
    const BundledModel &a = (*parsed)[i], &b = (*again)[i];
    FUZZ_CHECK(a.name == b.name && a.file == b.file && a.summary == b.summary);
    FUZZ_CHECK(std::fabs(a.accuracy - b.accuracy) <= 0.00005 + 1e-12);
  }
  FUZZ_CHECK(format_model_manifest(*again) == text);
  return 0;
}
