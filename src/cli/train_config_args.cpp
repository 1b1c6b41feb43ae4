#include "train_config_args.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "data/dataset.h"
#include "image/augment_spec.h"

namespace digitlab::cli {
namespace {

using std::string;

// The names the core accepts for a kind, in the order of its codes, as "a|b|c": each known kind
// whose name the core's *_from_name takes back (softmax, say, is the loss's choice, not a
// hidden layer's activation), so the help lists what parsing accepts and nothing else.
template <typename Kind>
string allowed_names(const char* (*name_of)(Kind), Result<Kind> (*from_name)(const string&)) {
  string names;
  for (uint32_t code = 1; is_known(static_cast<Kind>(code)); ++code) {
    const char* name = name_of(static_cast<Kind>(code));
    if (from_name(name)) names += (names.empty() ? "" : "|") + string(name);
  }
  return names;
}

// Sets field from --option by the core's from_name; its message names the allowed values.
template <typename Kind>
Status read_kind(const Args& args, const char* option, Result<Kind> (*from_name)(const string&),
                 Kind& field) {
  if (!args.has(option)) return Status::success();
  Result<Kind> kind = from_name(args.get(option));
  if (!kind) return fail("--" + string(option) + ": " + kind.error());
  field = *kind;
  return Status::success();
}

TrainingConfig default_config() {
  Result<TrainingConfig> config = preset_config(kDefaultPreset);
  return config ? *config : TrainingConfig{};  // the core's presets include the default
}

// The layer sizes from --layers (all of them) or --hidden (the ones between input and output).
// Whether a network of them may be built is the core's check (validate_config).
Status read_sizes(const Args& args, std::vector<int>& sizes) {
  if (args.has("layers") && args.has("hidden"))
    return fail("give --layers or --hidden, not both (--hidden N is --layers " +
                std::to_string(kImagePixels) + ",N," + std::to_string(kClasses) + ")");
  if (args.has("hidden")) {
    Result<std::vector<int>> hidden = args.get_int_list("hidden", {});
    if (!hidden) return fail(hidden.error());
    sizes = {kImagePixels};
    sizes.insert(sizes.end(), hidden->begin(), hidden->end());
    sizes.push_back(kClasses);
  } else if (args.has("layers")) {
    Result<std::vector<int>> layers = args.get_int_list("layers", {});
    if (!layers) return fail(layers.error());
    // The data fixes both ends: 28x28 pixels in, one output per digit.
    if (layers->size() < 2 || layers->front() != kImagePixels || layers->back() != kClasses)
      return fail("--layers runs from the input, " + std::to_string(kImagePixels) +
                  " pixels, to the output, " + std::to_string(kClasses) +
                  " digits (e.g. 784,256,128,10), got '" + args.get("layers") + "'");
    sizes = *layers;
  }
  return Status::success();
}

string default_text(const string& value) {
  return " (default " + value + ")";
}

}  // namespace

std::vector<OptionSpec> training_options() {
  const TrainingConfig d = default_config();
  const Architecture& a = d.architecture;
  string layers, hidden;
  for (size_t l = 0; l < a.sizes.size(); ++l) {
    layers += (l ? "," : "") + std::to_string(a.sizes[l]);
    if (l > 0 && l + 1 < a.sizes.size())
      hidden += (hidden.empty() ? "" : ",") + std::to_string(a.sizes[l]);
  }
  string preset_names;
  for (const Preset& p : presets())
    preset_names += (preset_names.empty() ? "" : "|") + string(p.name);
  return {
      {"preset", "NAME",
       preset_names + " (see presets); other flags override it" + default_text(kDefaultPreset)},
      {"layers", "N,N,...",
       "every layer's size, input " + std::to_string(kImagePixels) + " to output " +
           std::to_string(kClasses) + default_text(layers)},
      {"hidden", "N[,N...]",
       "the hidden layers' sizes alone: --layers " + std::to_string(kImagePixels) + ",N,...," +
           std::to_string(kClasses) + default_text(hidden)},
      {"activation", "NAME",
       "the hidden layers': " + allowed_names(activation_name, activation_from_name) +
           default_text(activation_name(a.hidden))},
      {"loss", "NAME",
       allowed_names(loss_name, loss_from_name) + "; softmax-ce puts softmax on the output" +
           default_text(loss_name(a.loss))},
      {"bias", "", "a bias per node after the input" + default_text(a.bias ? "on" : "none")},
      {"no-bias", "", "no biases (undoes a preset's --bias)"},
      {"init", "NAME",
       "the first weights: " + allowed_names(init_name, init_from_name) +
           default_text(init_name(d.init))},
      {"optimizer", "NAME",
       allowed_names(optimizer_name, optimizer_from_name) +
           default_text(optimizer_name(d.optimizer))},
      {"lr", "RATE", "learning rate" + default_text(learning_rate_text(d.learning_rate))},
      {"batch", "N",
       "samples per update, their mean gradient; up to " + std::to_string(kMaxBatch) +
           default_text(std::to_string(d.batch_size))},
      {"schedule", "NAME",
       "the learning rate over the run: " + allowed_names(schedule_name, schedule_from_name) +
           default_text(schedule_name(d.schedule))},
      // learning_rate_text: the core's way of writing a number (1, 0.0001; not 1.000000).
      {"weight-decay", "X",
       "L2 on the weights, 0 to " + learning_rate_text(kMaxWeightDecay) +
           default_text(learning_rate_text(d.weight_decay))},
      {"epochs", "N",
       "passes over the training data, up to " + std::to_string(kMaxEpochs) +
           default_text(std::to_string(d.epochs))},
      {"seed", "N",
       "seed of the first weights and the shuffle" + default_text(std::to_string(d.seed))},
      {"shuffle", "",
       "shuffle each epoch" + default_text(d.shuffle ? "on" : "file order, the book's")},
      {"no-shuffle", "", "the file's order (undoes a preset's or a model's --shuffle)"},
      {"augment", "SPEC",
       "distort each sample on the fly: rotate=DEG,scale=S,shear=H,shift=PX,elastic=ALPHA[:SIGMA],"
       "thickness=PX,centre=on|off,copies=DEG; 'book' is the book's +-10 degree copies, 'none' "
       "turns it off" +
           default_text(augment_text(d.augment))},
  };
}

string presets_help() {
  string text = "presets (--preset NAME; the flags given with it override its fields):";
  // The summaries start in one column, two spaces after the longest name.
  size_t column = 0;
  for (const Preset& p : presets()) column = std::max(column, std::strlen(p.name) + 4);
  for (const Preset& p : presets()) {
    string name = string("  ") + p.name;
    name.resize(column, ' ');
    text += "\n" + name + p.summary + "\n" + string(column, ' ') + describe(p.config) + ", " +
            std::to_string(p.config.epochs) + " epochs";
  }
  return text;
}

Result<TrainingConfig> read_training_config(const Args& args, const TrainingConfig* model) {
  Result<TrainingConfig> base = preset_config(args.get("preset", kDefaultPreset));
  if (!base) return fail("--preset: " + base.error());
  // A model continues as it was trained, unless a preset or the flags say otherwise.
  TrainingConfig c = model && !args.has("preset") ? *model : *base;
  Architecture& arch = c.architecture;
  if (Status s = read_sizes(args, arch.sizes); !s) return fail(s.error());
  for (Status s : {read_kind(args, "activation", activation_from_name, arch.hidden),
                   read_kind(args, "loss", loss_from_name, arch.loss),
                   read_kind(args, "init", init_from_name, c.init),
                   read_kind(args, "optimizer", optimizer_from_name, c.optimizer),
                   read_kind(args, "schedule", schedule_from_name, c.schedule)})
    if (!s) return fail(s.error());
  if (args.has("bias") && args.has("no-bias")) return fail("--bias and --no-bias contradict");
  if (args.has("shuffle") && args.has("no-shuffle"))
    return fail("--shuffle and --no-shuffle contradict");
  if (args.has("bias")) arch.bias = true;
  if (args.has("no-bias")) arch.bias = false;
  if (args.has("shuffle")) c.shuffle = true;
  if (args.has("no-shuffle")) c.shuffle = false;

  Result<float> lr = args.get_float("lr", c.learning_rate);
  if (!lr) return fail(lr.error());
  c.learning_rate = *lr;
  Result<float> decay = args.get_float("weight-decay", c.weight_decay);
  if (!decay) return fail(decay.error());
  c.weight_decay = *decay;
  Result<int> batch = args.get_int("batch", c.batch_size);
  if (!batch) return fail(batch.error());
  c.batch_size = *batch;
  Result<int> epochs = args.get_int("epochs", c.epochs);
  if (!epochs) return fail(epochs.error());
  c.epochs = *epochs;
  if (args.has("augment")) {
    Result<AugmentConfig> augment = parse_augment(args.get("augment"));
    if (!augment) return fail("--" + augment.error());
    c.augment = *augment;
  }
  Result<long long> seed = args.get_int("seed", static_cast<long long>(c.seed), 0, 1ll << 62);
  if (!seed) return fail(seed.error());
  c.seed = static_cast<uint64_t>(*seed);

  const bool continuing = args.has("model");
  if (continuing && args.has("init"))
    return fail("--init draws a new network's first weights; the network of --model has its own");
  if (model) {
    if (arch != model->architecture)
      return fail("--model is a " + describe(model->architecture) +
                  " network, but the flags ask for " + describe(arch) +
                  ": leave out --preset, --layers, --hidden, --activation, --loss and --bias to "
                  "train it as it is");
  }
  // Continuing, the architecture is the model's (compared above): the core's continued_config.
  if (model) return continued_config(model->architecture, c);
  if (Status s = validate_config(c); !s) return fail(s.error());
  return c;
}

}  // namespace digitlab::cli
