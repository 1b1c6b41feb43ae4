// TrainingPanel's "Training" section: one TrainingConfig (the core's, training_config.h) edited
// in place, the same settings the CLI's flags give, checked by the core's validate_config
// (through run_config) with its limits and messages.
//   presets          book-100, book-200, modern: the core's presets(), one click each
//   network          hidden layers (0 to kMaxHiddenLayers) and their widths, activation, loss
//   training         optimiser, learning rate, batch, schedule, epochs
//   more (folded)    initialisation, seed, weight decay, biases, shuffling
//   Augmentation     (folded) augment_settings.h
// The fields' labels are the CLI's option names (--hidden, --lr ...).
// A value the core refuses shows its message beside Start, which stays disabled.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/formats.h"
#include "field_grid.h"
#include "item_rects.h"
#include "training_panel.h"
#include "widgets.h"

namespace digitlab {
namespace {

// A combo over the kinds of an enum: codes 1, 2, ... while is_known(), named by name();
// `hidden_kind` (if given) is left out. True when the choice changed. Its rect goes into rects
// as `label`, and while it is open each entry's as "label-name" ("activation-relu"), so a
// browser test picks a kind as a person would.
template <typename Kind>
bool kind_combo(const char* label, Kind& value, const char* (*name)(Kind), ItemRects& rects,
                Kind hidden_kind = Kind(0)) {
  bool changed = false;
  // In a narrow column the arrow gives its room to the name ("constant", not "consta").
  float widest = 0;
  for (uint32_t code = 1; is_known(static_cast<Kind>(code)); ++code)
    widest = std::max(widest, ImGui::CalcTextSize(name(static_cast<Kind>(code))).x);
  const float with_arrow = widest + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
  const ImGuiComboFlags flags =
      ImGui::CalcItemWidth() < with_arrow ? ImGuiComboFlags_NoArrowButton : 0;
  const bool open = ImGui::BeginCombo(label, name(value), flags);
  rects.note_last_item(label);
  if (!open) return false;
  for (uint32_t code = 1; is_known(static_cast<Kind>(code)); ++code) {
    const Kind kind = static_cast<Kind>(code);
    if (kind == hidden_kind) continue;
    const bool picked = ImGui::Selectable(name(kind), kind == value);
    rects.note_last_item(std::string(label) + "-" + name(kind));
    if (picked && kind != value) {
      value = kind;
      changed = true;
    }
  }
  ImGui::EndCombo();
  return changed;
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

// The hidden layers' widths, the input and output fixed (784 in, 10 out).
std::vector<int> hidden_widths(const Architecture& arch) {
  return {arch.sizes.begin() + 1, arch.sizes.end() - 1};
}

void set_hidden_widths(Architecture& arch, const std::vector<int>& widths) {
  std::vector<int> sizes = {kImagePixels};
  sizes.insert(sizes.end(), widths.begin(), widths.end());
  sizes.push_back(kClasses);
  arch.sizes = std::move(sizes);
}

// The hidden layers on one row, as the CLI's --hidden lists them: a field per layer's width
// (0 to kMaxHiddenLayers fields), "-" and "+" to drop the last layer or add one (repeating the
// last width). The widths themselves are checked by the core. "+" goes into rects as
// "hidden-add".
void hidden_layer_fields(Architecture& arch, float row_width, ItemRects& rects) {
  std::vector<int> widths = hidden_widths(arch);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = style.ItemInnerSpacing.x;
  const float step = ImGui::GetFrameHeight();  // the square - and + buttons
  const float label = ImGui::CalcTextSize("hidden").x + gap;
  bool changed = false;
  if (widths.empty()) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("none");
  } else {
    const float n = static_cast<float>(widths.size());
    const float each = std::max(ImGui::GetFontSize() * 2.5f,
                                (row_width - label - 2 * (step + gap) - gap * (n - 1)) / n);
    for (size_t i = 0; i < widths.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (i > 0) ImGui::SameLine(0, gap);
      ImGui::SetNextItemWidth(each);
      changed |= ImGui::InputInt("##width", &widths[i], 0, 0);
      ImGui::PopID();
    }
  }
  ImGui::SameLine(0, gap);
  ImGui::BeginDisabled(widths.empty());
  if (ImGui::Button("-##hidden", ImVec2(step, 0))) {
    widths.pop_back();
    changed = true;
  }
  ImGui::EndDisabled();
  tooltip("One hidden layer fewer");
  ImGui::SameLine(0, gap);
  ImGui::BeginDisabled(static_cast<int>(widths.size()) >= kMaxHiddenLayers);
  const bool add = ImGui::Button("+##hidden", ImVec2(step, 0));
  rects.note_last_item("hidden-add");
  if (add) {
    widths.push_back(widths.empty() ? 100 : widths.back());
    changed = true;
  }
  ImGui::EndDisabled();
  tooltip("One hidden layer more");
  ImGui::SameLine(0, gap);
  ImGui::TextUnformatted("hidden");
  tooltip("The hidden layers' widths, first to last, between the 784 inputs and 10 outputs");
  if (changed) set_hidden_widths(arch, widths);
}

}  // namespace

void TrainingPanel::draw_settings_section() {
  heading("Training");
  help_marker(
      "The book's recipe is book-200: one sample at a time, each step moving every weight by "
      "dW = lr x (e x o x (1 - o)) . o_prev^T, where e is the error (t - o at the output, W^T.e "
      "below). The curves show the training loss and the test accuracy as it learns; the "
      "drawing's answer and the Inside views follow the weights live.");
  const bool active = session_.active();
  ImGui::BeginDisabled(active);
  draw_presets();
  flow_item(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
            ImGui::CalcTextSize("fresh").x);
  ImGui::Checkbox("fresh", &settings_.fresh);
  tooltip(
      "A new network as set below; unticked: keep training the current model (its own "
      "layers, activation and loss)");
  TrainingConfig& c = settings_.config;
  FieldGrid grid;
  // The network: what a fresh run makes, greyed out (but kept) while the current model is
  // trained on, whose network is its own. Labels are the CLI's option names.
  ImGui::BeginDisabled(!settings_.fresh);
  hidden_layer_fields(c.architecture, grid.row_width(), buttons_);
  grid.cell();
  ImGui::BeginDisabled(c.architecture.weight_layers() < 2);  // no hidden layer to activate
  kind_combo("activation", c.architecture.hidden, activation_name, buttons_, Activation::Softmax);
  ImGui::EndDisabled();
  tooltip("Every hidden layer's activation; the output's follows from the loss");
  grid.cell();
  kind_combo("loss", c.architecture.loss, loss_name, buttons_);
  tooltip(
      "book: the book's rule on sigmoid outputs; mse: its true gradient; softmax-ce: "
      "softmax outputs and cross-entropy");
  ImGui::EndDisabled();

  // How it trains: a fresh network and a continued one alike.
  grid.cell();
  kind_combo("optimizer", c.optimizer, optimizer_name, buttons_);
  grid.cell();
  ImGui::InputFloat("lr", &c.learning_rate, 0, 0, "%.4g");
  buttons_.note_last_item("lr");  // tests/web/worker.mjs types a diverging rate into it
  tooltip("The learning rate (at the start of the run, with a schedule)");
  grid.cell();
  ImGui::InputInt("batch", &c.batch_size, 0, 0);
  tooltip("Samples per update (the mean of their gradients); 1 is the book's per-sample rule");
  grid.cell();
  kind_combo("schedule", c.schedule, schedule_name, buttons_);
  tooltip("constant; step: halved after each third of the run; cosine: down to 0 at the end");
  grid.cell();
  ImGui::InputInt("epochs", &c.epochs, 0, 0);
  buttons_.note_last_item("epochs");  // worker.mjs and train.mjs type long runs into it

  // The rest, folded: a click away, and out of the way of a first look.
  grid.cell();
  ImGui::AlignTextToFramePadding();
  if (ImGui::TreeNodeEx("more", ImGuiTreeNodeFlags_NoTreePushOnOpen)) {
    grid.new_row();
    ImGui::BeginDisabled(!settings_.fresh);
    grid.cell();
    kind_combo("init", c.init, init_name, buttons_);
    tooltip("The first weights: book 1/sqrt(fan-in); he sqrt(2/fan-in), for ReLU; glorot");
    grid.cell();
    ImGui::InputScalar("seed", ImGuiDataType_U64, &c.seed);
    tooltip("The first weights' seed; shuffling draws from it too");
    ImGui::EndDisabled();
    grid.cell();
    ImGui::InputFloat("decay", &c.weight_decay, 0, 0, "%.4g");
    tooltip("Weight decay (L2): adds decay x w to every weight's gradient; 0 for none");
    grid.cell();
    ImGui::BeginDisabled(!settings_.fresh);
    ImGui::Checkbox("bias", &c.architecture.bias);
    ImGui::EndDisabled();
    tooltip("A bias per node after the input (the book has none)");
    ImGui::SameLine();
    ImGui::Checkbox("shuffle", &c.shuffle);
    tooltip("A new seeded order each epoch (the book trains in file order)");
  }
  ImGui::EndDisabled();
  augment_.draw(c.augment, !active, buttons_);  // augment_settings.cpp: its preview works in a run
  // What is wrong with the settings shows beside Start (draw_run_section).
}

// One button per core preset, its summary on hover.
void TrainingPanel::draw_presets() {
  bool first = true;
  for (const Preset& p : presets()) {
    if (!first) flow(p.name);
    first = false;
    const std::string hook = std::string("preset-") + p.name;
    if (button(p.name, hook.c_str())) {
      settings_.config = p.config;
      settings_.fresh = true;  // a preset names a network: it starts from a new one
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s\n%s", p.summary, describe(p.config).c_str());
  }
}

}  // namespace digitlab
