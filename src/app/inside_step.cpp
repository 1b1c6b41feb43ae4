// The Step tab (inside_step.h): the sample and rate row, the stage row, one function per stage.
// The captions write the book's formulas in ASCII (the UI font has no Greek letters):
// alpha the learning rate, ^T a transpose, * a product.
#include "inside_step.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>

#include "data/dataset.h"
#include "data/model_file.h"
#include "inside/colour_map.h"
#include "inside/step_view.h"
#include "inside/weight_tiles.h"
#include "inside_draw.h"
#include "inside_view.h"
#include "network/evaluate.h"
#include "network/fingerprint.h"
#include "network/layer_math.h"
#include "network_view.h"
#include "widgets.h"

namespace digitlab {
namespace {

const char* const kStageNames[StepTab::kStageCount] = {"1 Forward", "2 Output error",
                                                       "3 Errors back", "4 Update", "5 Apply"};

// The most cells the Update stage's pictures draw (4 vertices each), as the Weights tab bounds
// its tiles: below 16-bit indices' 65536 vertices in one draw list where the renderer cannot
// offset them (WebGL), more where it can.
// How often the step is worked out again while a run changes the weights under it.
constexpr double kRetraceSeconds = 0.25;

int cell_budget() {
  const bool offsets = ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset;
  return offsets ? 40000 : 10000;
}

// f'(o) in the book's terms, written with the output o as the engines compute it
// (layer_math.h's apply_derivative).
const char* slope_text(Activation a) {
  switch (a) {
    case Activation::Sigmoid:
      return "o(1 - o)";
    case Activation::Tanh:
      return "(1 - o^2)";
    case Activation::Relu:
      return "[o > 0]";
    case Activation::LeakyRelu:
      return "[1 if o > 0, else 0.01]";
    case Activation::Softmax:
      break;
  }
  return "1";
}

// A matrix's map (the core's matrix_map: block means, its own scale) as a heat map of width x
// height pixels at the cursor, one rectangle per cell.
void heat_map(const WeightMatrixMap& m, float width, float height) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  if (!ImGui::IsItemVisible() || m.rows <= 0 || m.cols <= 0) return;
  const float cell_w = width / static_cast<float>(m.cols);
  const float cell_h = height / static_cast<float>(m.rows);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) {
      const Rgb rgb =
          diverging_rgb(weight_colour(m.cells[static_cast<size_t>(r) * m.cols + c], m.scale));
      const ImVec2 a(origin.x + std::floor(static_cast<float>(c) * cell_w),
                     origin.y + std::floor(static_cast<float>(r) * cell_h));
      const ImVec2 b(origin.x + std::floor(static_cast<float>(c + 1) * cell_w),
                     origin.y + std::floor(static_cast<float>(r + 1) * cell_h));
      draw->AddRectFilled(a, b, IM_COL32(rgb.r, rgb.g, rgb.b, 255));
    }
  }
}

// Signed bars over the digits 0..n-1 written under them (n <= 10: the outputs).
void digit_bars(const std::vector<float>& values, float scale, float width, float height) {
  const int n = static_cast<int>(values.size());
  signed_bars(values.data(), n, scale, width, height);
  if (n > 10) return;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float slot = width / static_cast<float>(n);
  for (int k = 0; k < n; ++k) {
    const char text[2] = {static_cast<char>('0' + k), 0};
    const float x =
        origin.x + (static_cast<float>(k) + 0.5f) * slot - ImGui::CalcTextSize(text).x * 0.5f;
    draw->AddText(ImVec2(std::floor(x), origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), text);
  }
}

// A stage's title and its "(?)", then its formula on a line of its own (wrapped on a phone).
void caption(const char* title, const char* formula, const char* help) {
  ImGui::TextUnformatted(title);
  help_marker(help);
  if (formula) ImGui::TextWrapped("%s", formula);
}

// A row of a numbers table, the label's row in the true label's green; with `change`, the last
// value is a difference, shown in exponent form (a step's changes are often below 1e-4).
void table_row(int k, bool marked, std::initializer_list<float> values, bool change = false) {
  ImGui::TableNextRow();
  if (marked) ImGui::PushStyleColor(ImGuiCol_Text, kTrueLabelColor);
  ImGui::TableNextColumn();
  ImGui::Text("%d", k);
  size_t column = 0;
  for (float v : values) {
    ImGui::TableNextColumn();
    const bool last = ++column == values.size();
    ImGui::Text(change && last ? "%+.2e" : "%+.4f", static_cast<double>(v));
  }
  if (marked) ImGui::PopStyleColor();
}

bool begin_numbers_table(const char* id, std::initializer_list<const char*> headers) {
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_NoHostExtendX;
  if (!ImGui::BeginTable(id, static_cast<int>(headers.size()), flags)) return false;
  for (const char* h : headers) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  return true;
}

}  // namespace

const StepTrace* StepTab::current_trace(const InsideContext& ctx) {
  label_ = label_choice_ >= 0 ? label_choice_ : ctx.pad_label;
  if (label_ >= ctx.net.output_size()) label_ = -1;
  has_trace_ =
      has_trace_ && ctx.activations.size() >= 2 && label_ >= 0 && validate_learning_rate(lr_).ok();
  if (ctx.activations.size() < 2 || label_ < 0 || !validate_learning_rate(lr_)) return nullptr;
  const std::vector<float>& input = ctx.activations.front();
  const bool same_sample =
      has_trace_ && label_ == trace_label_ && lr_ == trace_lr_ && input == trace_input_;
  // While a run trains, the weights change every frame: the step follows them a few times a
  // second (a trace copies the network and passes over every weight several times).
  const double now = ImGui::GetTime();
  if (same_sample && ctx.session.running() && now - trace_time_ < kRetraceSeconds) return &trace_;
  const uint64_t net = network_fingerprint(ctx.net);
  if (same_sample && net == trace_net_) return &trace_;
  trace_ = trace_step(ctx.net, input.data(), label_, lr_);
  trace_time_ = now;
  trace_net_ = net;
  trace_input_ = input;
  trace_label_ = label_;
  trace_lr_ = lr_;
  has_trace_ = true;
  units_by_change_ = units_by_change(trace_.layers.front());
  const LayerStep& first = trace_.layers.front();
  tiles_scale_ = symmetric_scale(first.weight_change.data(), first.weight_change.size());
  return &trace_;
}

Status StepTab::apply(const InsideContext& ctx) {
  const Status s = [&]() -> Status {
    if (ctx.session.running())
      return fail("Pause or stop training first: the run is changing the weights.");
    Model* model = ctx.host.model();
    if (!model || !has_trace_) return fail("Nothing to apply: draw a digit and choose its label.");
    if (network_fingerprint(model->network) != trace_net_)
      return fail("The weights changed since this step was worked out; look at it again.");
    const Network before = model->network;
    apply_step(model->network, trace_);
    // A rate of 100 on a ReLU network can make weights no model file may hold: keep the old.
    if (Status ok = check_model_weights(model->network); !ok) {
      model->network = before;
      return fail("Not applied, the weights would be out of range: " + ok.error());
    }
    return Status::success();
  }();
  apply_message_ = s ? "" : s.error();
  if (!s) return s;
  ++applied_;
  applied_label_ = trace_label_;
  applied_target_ = trace_.target[static_cast<size_t>(applied_label_)];
  applied_outputs_before_ = trace_.activations.back();
  applied_outputs_after_ = trace_.activations_after.back();
  applied_before_ = applied_outputs_before_[static_cast<size_t>(applied_label_)];
  applied_after_ = applied_outputs_after_[static_cast<size_t>(applied_label_)];
  return s;
}

void StepTab::draw(const InsideContext& ctx, float width) {
  ImGui::PushID("step");
  if (!lr_edited_)
    if (const Model* model = std::as_const(ctx.host).model())
      lr_ = step_learning_rate(model->config);
  caption("One training step, step by step", nullptr,
          "The book's chapter on training, on the current model and one sample: the forward pass, "
          "the output error, the errors split back through the weights, the weight changes, then "
          "applying them. It is one plain gradient-descent step on one sample, exactly the one "
          "Network::train takes (the per-sample trainer's rule), whatever optimiser the model's "
          "run used.");
  draw_sample_row(ctx);
  const StepTrace* t = current_trace(ctx);
  draw_stage_row(ctx);
  ImGui::Separator();
  if (ctx.activations.size() < 2) {
    ImGui::TextDisabled("Draw a digit, or show a test digit in the pad (the arrows under it).");
  } else if (label_ < 0) {
    // Said in the accent colour: the tab shows nothing else until the user answers.
    ImGui::PushStyleColor(ImGuiCol_Text, kAccentColor);
    ImGui::TextWrapped("Which digit is it? Choose its label above: the step trains towards it.");
    ImGui::PopStyleColor();
  } else if (t) {
    switch (stage_) {
      case Forward:
        draw_forward(ctx, *t, width);
        break;
      case OutputError:
        draw_output_error(ctx, *t, width);
        break;
      case ErrorsBack:
        draw_errors_back(ctx, *t, width);
        break;
      case Update:
        draw_update(ctx, *t, width);
        break;
      default:
        draw_apply(ctx, *t, width);
        break;
    }
  }
  ImGui::PopID();
}

void StepTab::draw_sample_row(const InsideContext& ctx) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("label");
  for (int k = 0; k < ctx.net.output_size(); ++k) {
    const char text[2] = {static_cast<char>('0' + k % 10), 0};
    flow(text);
    const bool on = k == label_;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    if (k == ctx.pad_label) ImGui::PushStyleColor(ImGuiCol_Text, kTrueLabelColor);
    // Clicking the chosen label again goes back to the test digit's own.
    if (ImGui::Button(text)) label_choice_ = label_choice_ == k ? -1 : k;
    if (k == ctx.pad_label) ImGui::PopStyleColor();
    if (on) ImGui::PopStyleColor();
    ctx.rects.note_last_item("step:label:" + std::to_string(k));
  }
  const char* sample = ctx.activations.size() < 2 ? "no sample"
                       : ctx.pad_label >= 0       ? "the test digit in the pad (green: its label)"
                                                  : "your drawing";
  flow(sample);
  ImGui::TextDisabled("%s", sample);

  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("learning rate (alpha)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
  if (ImGui::InputFloat("##rate", &lr_, 0, 0, "%.4g")) lr_edited_ = true;
  if (lr_edited_) {
    flow("the model's");
    if (ImGui::Button("the model's")) lr_edited_ = false;
  }
  if (Status s = validate_learning_rate(lr_); !s) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("The %s", s.error().c_str());
    ImGui::PopStyleColor();
  }
  if (const Model* model = std::as_const(ctx.host).model()) {
    const TrainingConfig& c = model->config;
    if (c.optimizer != Optimizer::Sgd || c.batch_size > 1)
      ImGui::TextDisabled("(the model's runs use %s, batch %d; this is one plain SGD step)",
                          optimizer_name(c.optimizer), c.batch_size);
  }
}

void StepTab::draw_stage_row(const InsideContext& ctx) {
  ImGui::BeginDisabled(stage_ == 0);
  if (ImGui::Button("< Back")) --stage_;
  ImGui::EndDisabled();
  ctx.rects.note_last_item("step:back");
  ImGui::SameLine();
  ImGui::BeginDisabled(stage_ == kStageCount - 1);
  if (ImGui::Button("Next >")) ++stage_;
  ImGui::EndDisabled();
  ctx.rects.note_last_item("step:next");
  for (int s = 0; s < kStageCount; ++s) {
    flow(kStageNames[s]);
    const bool on = s == stage_;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    if (ImGui::SmallButton(kStageNames[s])) stage_ = s;
    if (on) ImGui::PopStyleColor();
  }
}

void StepTab::draw_forward(const InsideContext& ctx, const StepTrace& t, float width) {
  const Network& net = ctx.net;
  const int count = net.layer_count();
  caption("1. Forward pass", "each layer's outputs o = f(W * o_prev)",
          "The book's query: each layer's outputs are its activation function (the sigmoid, for "
          "the book's network) of the weighted sums of the outputs of the layer below, plus a "
          "bias with biases. The input is the picture scaled to 0.01..1.00. The outputs are then "
          "compared with the target: 0.99 for the label and 0.01 for the other digits in the "
          "book (1 and 0 with softmax).");
  const float em = ImGui::GetFontSize();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // Sizes in em, so a phone's 3x UI scale gets pictures as large as a desktop's.
  const float box = std::floor(std::clamp((width - 2.0f * gap) / 3.0f, 4.0f * em, 9.0f * em));
  ImGui::BeginGroup();
  ImGui::TextDisabled("input");
  input_picture(t.activations.front().data(), kImageSide, box);
  ImGui::EndGroup();
  for (int layer = 1; layer + 1 < count; ++layer) {
    const std::vector<float>& a = t.activations[static_cast<size_t>(layer)];
    const int n = static_cast<int>(a.size());
    const int cols = grid_columns(n, box, box);
    const int rows = (n + cols - 1) / cols;
    const float cell = std::max(
        1.0f, std::floor(std::min(box / static_cast<float>(cols), box / static_cast<float>(rows))));
    flow_item(box);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s (%d)", layer_name(layer, count).c_str(), n);
    activation_grid(a.data(), n, cols, cell,
                    activation_range(net.activation(layer - 1), a.data(), n));
    ImGui::EndGroup();
  }
  // The outputs beside the pictures when they fit, under them on a narrow screen.
  const float bars_w = std::min(width, 26.0f * em);
  flow_item(bars_w);
  ImGui::BeginGroup();
  const std::vector<float>& o = t.activations.back();
  const int n = static_cast<int>(o.size());
  ImGui::TextDisabled("outputs o (green: the label)");
  activation_bars(o.data(), n, argmax(o.data(), n), label_, bars_w,
                  std::floor(ImGui::GetFrameHeight() * 0.8f));
  ImGui::EndGroup();
  const float on = t.target[static_cast<size_t>(label_)];
  const float off = t.target[static_cast<size_t>(label_ == 0 ? 1 : 0)];
  ImGui::TextWrapped("target t: %.2f for %d, %.2f for the others", static_cast<double>(on), label_,
                     static_cast<double>(off));
}

void StepTab::draw_output_error(const InsideContext& ctx, const StepTrace& t, float width) {
  const Loss loss = ctx.net.architecture().loss;
  caption("2. Output error", "e_o = t - o",
          loss == Loss::SoftmaxCrossEntropy
              ? "Each output's error is its target minus its output. With softmax outputs and the "
                "cross-entropy loss -log o_label, t - o is also minus the gradient of the loss "
                "with respect to the outputs' sums, so no slope is multiplied in later."
              : "Each output's error is its target minus its output (the book's e = t - o): "
                "positive where the output should rise, negative where it should fall. The "
                "loss is 1/2 * sum (t - o)^2 over the outputs.");
  const float em = ImGui::GetFontSize();
  const float bars_w = std::min(width, 30.0f * em);
  const float scale = largest_magnitude(t.output_error.data(), t.output_error.size());
  ImGui::TextDisabled("e_o, scale +-%.3g", static_cast<double>(scale));
  digit_bars(t.output_error, scale, bars_w, std::floor(4.0f * em));
  if (loss == Loss::SoftmaxCrossEntropy)
    ImGui::Text("loss -log o_%d = %.4f", label_, static_cast<double>(t.loss));
  else
    ImGui::Text("loss 1/2 * sum (t - o)^2 = %.4f", static_cast<double>(t.loss));
  const std::vector<float>& o = t.activations.back();
  if (begin_numbers_table("errors", {"digit", "o", "t", "e = t - o"})) {
    for (size_t k = 0; k < o.size(); ++k)
      table_row(static_cast<int>(k), static_cast<int>(k) == label_,
                {o[k], t.target[k], t.output_error[k]});
    ImGui::EndTable();
  }
}

void StepTab::draw_errors_back(const InsideContext& ctx, const StepTrace& t, float width) {
  const Network& net = ctx.net;
  const int count = net.layer_count();
  const bool book = splits_raw_error(net.architecture().loss);
  caption(book ? "3. Errors split back" : "3. Errors back",
          book ? "e_h = W^T * e_o" : "e_h = W^T * delta, delta = e * f'(o)",
          book ? "The book splits each output's error among the units below it by the weights "
                 "that link them: a hidden unit's error is the sum of the errors above it, each "
                 "times the weight from the unit, W^T * e (the book does not normalise by the "
                 "weights' sum). Each layer's delta is its error times the slope of its "
                 "activation, e * o(1 - o) for the sigmoid: that is what its weights change by."
               : "The true gradient of the loss: a layer passes down its delta (its error times "
                 "its activation's slope, the derivative of the loss with respect to its sums), "
                 "not its raw error as the book's rule does: e_h = W^T * delta. Each layer's "
                 "delta is what its weights change by.");
  const float em = ImGui::GetFontSize();
  const float bars_w = std::min(width, 40.0f * em);
  const float bars_h = std::floor(3.0f * em);
  // From the output down: weight layer l feeds node layer l + 1.
  for (int l = count - 2; l >= 0; --l) {
    const LayerStep& s = t.layers[static_cast<size_t>(l)];
    const std::string name = layer_name(l + 1, count);
    const int n = static_cast<int>(s.error.size());
    const Activation f = net.activation(l);
    // Each layer's error (the output's is e_o, which the layer below is split from), then
    // its delta.
    const float error_scale = largest_magnitude(s.error.data(), s.error.size());
    ImGui::TextWrapped("%s (%d units): error %s, scale +-%.3g", name.c_str(), n,
                       l + 2 == count ? "e_o = t - o" : "e_h", static_cast<double>(error_scale));
    if (n <= 10)
      digit_bars(s.error, error_scale, std::min(bars_w, 30.0f * em), bars_h);
    else
      signed_bars(s.error.data(), n, error_scale, bars_w, bars_h);
    const float scale = largest_magnitude(s.delta.data(), s.delta.size());
    ImGui::TextWrapped("%s: delta = e * %s, scale +-%.3g", name.c_str(), slope_text(f),
                       static_cast<double>(scale));
    if (n <= 10)
      digit_bars(s.delta, scale, std::min(bars_w, 30.0f * em), bars_h);
    else
      signed_bars(s.delta.data(), n, scale, bars_w, bars_h);
  }
  if (count == 2)
    ImGui::TextDisabled("No hidden layer: the output error goes straight into the update.");
}

void StepTab::draw_update(const InsideContext& ctx, const StepTrace& t, float width) {
  const Network& net = ctx.net;
  const int count = net.layer_count();
  const Activation hidden_f = net.activation(0);
  char formula[96];
  std::snprintf(formula, sizeof formula, "dW = alpha * (e * %s) * o_prev^T", slope_text(hidden_f));
  caption("4. The update", formula,
          "Each weight changes by the learning rate times the delta of the unit it feeds (its "
          "error times its activation's slope) times the output of the unit it comes from: "
          "dW = alpha * delta * o_prev^T. Red: the weight grows; blue: it shrinks. A first-layer "
          "unit's changes have the shape of the input picture: the unit learns more of this "
          "digit (red) or less (blue). With biases, each bias changes by alpha * delta.");
  const float em = ImGui::GetFontSize();
  const float gap = std::floor(ImGui::GetStyle().ItemSpacing.x * 0.5f);
  // The first layer: one tile per unit it feeds, the units whose weights change most.
  const LayerStep& first = t.layers.front();
  const int units = static_cast<int>(first.step.size());
  const bool pictures = net.sizes()[0] == kImagePixels;
  if (pictures) {
    // Eight to a row at most, each at least as wide as its caption.
    const float caption_w = ImGui::CalcTextSize("unit 000").x;
    const float tile = std::floor(
        std::clamp((width - 7.0f * gap) / 8.0f, std::max(3.0f * em, caption_w), 6.5f * em));
    const int per_row = std::max(1, static_cast<int>((width + gap) / (tile + gap)));
    const int shown = std::min(units, 2 * per_row);
    const int cells = std::clamp(
        static_cast<int>(std::sqrt(static_cast<float>(cell_budget()) / static_cast<float>(shown))),
        4, kImageSide);
    ImGui::TextWrapped("%s: dW of the %d units (of %d) that change most, scale +-%.3g",
                       layer_name(1, count).c_str(), shown, units,
                       static_cast<double>(tiles_scale_));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    for (int i = 0; i < shown; ++i) {
      const int unit = units_by_change_[static_cast<size_t>(i)];
      if (i % per_row != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      signed_picture(first.weight_change.data() + static_cast<size_t>(unit) * kImagePixels,
                     kImageSide, tiles_scale_, tile, cells);
      ImGui::TextDisabled(count == 2 ? "digit %d" : "unit %d", unit);
      ImGui::EndGroup();
    }
    ImGui::PopStyleVar();
  }
  // Deeper layers (and a first layer that is no picture) as heat maps: a row per unit fed,
  // a column per unit below.
  for (int l = pictures ? 1 : 0; l + 1 < count; ++l) {
    const LayerStep& s = t.layers[static_cast<size_t>(l)];
    const int rows = net.sizes()[static_cast<size_t>(l) + 1],
              cols = net.sizes()[static_cast<size_t>(l)];
    const std::string above = layer_name(l + 1, count), below = layer_name(l, count);
    // Cells of at least 2 px, few enough for the draw list (WebGL's 16-bit indices).
    const float map_w = std::min(width, 40.0f * em);
    const float map_h =
        std::floor(std::clamp(static_cast<float>(rows) * 6.0f, 2.0f * em, 8.0f * em));
    const int max_cols = std::clamp(static_cast<int>(map_w / 2.0f), 1, 150);
    const int max_rows =
        std::clamp(std::min(static_cast<int>(map_h / 2.0f), 6000 / max_cols), 1, 150);
    const WeightMatrixMap m = matrix_map(s.weight_change.data(), rows, cols, max_rows, max_cols);
    ImGui::TextWrapped(
        "%s <- %s: dW, a row per %s unit (%d), a column per %s unit (%d), scale +-%.3g%s",
        above.c_str(), below.c_str(), above.c_str(), rows, below.c_str(), cols,
        static_cast<double>(m.scale),
        m.row_block > 1 || m.col_block > 1 ? " (cells: means of blocks)" : "");
    heat_map(m, map_w, map_h);
  }
  if (net.has_bias()) {
    const float scale = largest_magnitude(first.bias_change.data(), first.bias_change.size());
    ImGui::TextWrapped("%s biases: db = alpha * delta, scale +-%.3g", layer_name(1, count).c_str(),
                       static_cast<double>(scale));
    signed_bars(first.bias_change.data(), units, scale, std::min(width, 40.0f * em),
                std::floor(2.0f * em));
  }
}

void StepTab::draw_apply(const InsideContext& ctx, const StepTrace& t, float width) {
  (void)width;
  caption("5. Apply", "W = W + dW, then the forward pass again",
          "Adds every dW (and db) to the model's weights, as Network::train does, bit for bit. "
          "The outputs for the same sample then move towards the target: the label's output "
          "up, the others down. Apply again to take another step on the same sample.");
  const bool running = ctx.session.running();
  ImGui::BeginDisabled(running);
  if (ImGui::Button("Apply this step")) apply(ctx);
  ImGui::EndDisabled();
  ctx.rects.note_last_item("step:apply");
  if (running) {
    ImGui::SameLine();
    ImGui::TextDisabled("Pause or stop training first.");
  } else if (ctx.session.active()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(the paused run goes on from the changed weights)");
  }
  if (!apply_message_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", apply_message_.c_str());
    ImGui::PopStyleColor();
  }
  // The last applied step's outputs, or what this one would do.
  const bool done = applied_ > 0;
  const std::vector<float>& before = done ? applied_outputs_before_ : t.activations.back();
  const std::vector<float>& after = done ? applied_outputs_after_ : t.activations_after.back();
  const int label = done ? applied_label_ : label_;
  const size_t at = static_cast<size_t>(label);
  if (done)
    ImGui::TextWrapped(
        "Applied %d step%s. The last moved the output for %d (target %.2f):", applied_,
        applied_ == 1 ? "" : "s", label, static_cast<double>(applied_target_));
  else
    ImGui::TextWrapped("Applying it moves the output for %d (target %.2f):", label,
                       static_cast<double>(t.target[at]));
  ImGui::Text("%.4f -> %.4f", static_cast<double>(before[at]), static_cast<double>(after[at]));
  if (begin_numbers_table("before after", {"digit", "before", "after", "change"})) {
    for (size_t k = 0; k < before.size(); ++k)
      table_row(static_cast<int>(k), static_cast<int>(k) == label,
                {before[k], after[k], after[k] - before[k]}, true);
    ImGui::EndTable();
  }
}

}  // namespace digitlab
