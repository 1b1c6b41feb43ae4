#include "augment_settings.h"

#include <imgui.h>

#include <cstdio>

#include "field_grid.h"
#include "image/augment_spec.h"
#include "widgets.h"

namespace digitlab {
namespace {

// A slider's range is the strengths worth dragging through; the core's limits (validate_augment)
// are wider, and a typed value (Ctrl+click) may go up to them.
struct Slider {
  const char* label;  // the CLI's name (augment_spec.h)
  const char* hook;   // its name in the panel's item rects
  float AugmentConfig::*value;
  float min, max;
  const char* format;
  const char* tooltip;
};

constexpr Slider kSliders[] = {
    {"rotate", "augment-rotate", &AugmentConfig::rotate_degrees, 0, 30, "+-%.0f deg",
     "Turned by a random angle up to this, either way (the book's copies use 10)"},
    {"scale", "augment-scale", &AugmentConfig::scale, 0, 0.3f, "+-%.2f",
     "Its size times a random factor in 1 - s .. 1 + s (centring undoes most of it)"},
    {"shear", "augment-shear", &AugmentConfig::shear, 0, 0.5f, "+-%.2f",
     "Slanted: x moves by up to this times y, either way"},
    {"shift", "augment-shift", &AugmentConfig::shift_pixels, 0, 4, "+-%.1f px",
     "Moved by up to this many pixels each way (centring undoes most of it)"},
    {"elastic", "augment-elastic", &AugmentConfig::elastic_alpha, 0, 40, "%.0f px",
     "Simard's alpha: how far the smoothed random field moves the ink (Simard: 34); 0 is off"},
    {"sigma", "augment-sigma", &AugmentConfig::elastic_sigma, 1, 8, "%.1f px",
     "Simard's sigma: the Gaussian that smooths the random field (Simard: 4); smaller is "
     "more wrinkled"},
    {"thickness", "augment-thickness", &AugmentConfig::thickness, 0, 1.5f, "+-%.1f px",
     "Strokes grown or thinned by up to this many pixels"},
};

constexpr float kBookCopiesDegrees = 10;  // the book's angle, ticking the copies starts there

constexpr const char* kHelp =
    "Each training image is distorted at random each time it is fed, so that the network "
    "learns strokes as people draw them (slanted, turned, thicker or thinner, off-centre), not "
    "only MNIST's own. rotate, scale, shear and shift are one affine map. elastic is Simard et "
    "al. (2003): a random displacement field, uniform in -1..1 at each pixel, smoothed by a "
    "Gaussian of standard deviation sigma and scaled by alpha (they used sigma 4 and alpha 34 "
    "on MNIST). thickness thins or thickens the ink. Then each sample is centred as a drawing "
    "is, so the network trains on what it is shown.\n"
    "The book's own recipe is the rotated copies: each training image also turned 10 degrees "
    "clockwise and 10 anticlockwise, three samples for one.\n"
    "The row below is what the network sees: samples from the very function the trainer "
    "calls, on the digit in the pad (or the first training image). Ctrl+click a slider to "
    "type a value past its range; the core's limits still hold.";

void tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

// Whether the core refuses this field's value in `fields` on its own (the others as in `good`):
// the field to draw in red.
bool refused(const AugmentConfig& fields, const AugmentConfig& good, float AugmentConfig::*value) {
  AugmentConfig one = good;
  one.*value = fields.*value;
  return !validate_augment(one).ok();
}

}  // namespace

AugmentConfig AugmentSettings::shown(const AugmentConfig& config) const {
  return config == taken_ && !message_.empty() ? fields_ : config;
}

void AugmentSettings::draw(AugmentConfig& config, bool editable, ItemRects& rects) {
  if (config != taken_) {  // a preset, a loaded model: the fields show it
    fields_ = taken_ = config;
    const Status s = validate_augment(fields_);
    message_ = s.ok() ? "" : s.error();
  }
  ImGui::AlignTextToFramePadding();
  // Open or not is the panel's, not the window's: a phone turned to a wider layout (another
  // window, another ImGui id) keeps it.
  ImGui::SetNextItemOpen(open_, ImGuiCond_Always);
  open_ = ImGui::TreeNodeEx("Augmentation", ImGuiTreeNodeFlags_NoTreePushOnOpen);
  rects.note_last_item("augment");
  help_marker(kHelp);
  ImGui::SameLine();
  text_one_line(augment_text(shown(config)),
                message_.empty() ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : kErrorColor);
  if (!open_) return;
  draw_fields(editable, rects);
  // Settings the core accepts go to the run; others stay in their fields (message_).
  const Status s = validate_augment(fields_);
  message_ = s.ok() ? "" : s.error();
  if (s.ok() && fields_ != config) config = taken_ = fields_;
  if (validate_augment(config).ok()) preview_.update(config);  // else the last good row
  preview_.draw(rects);
  if (reveal_) ImGui::SetScrollHereY(1.0f);  // the row's bottom at the window's
  reveal_ = false;
}

void AugmentSettings::draw_fields(bool editable, ItemRects& rects) {
  ImGui::BeginDisabled(!editable);
  FieldGrid grid;
  for (const Slider& s : kSliders) {
    grid.cell();
    const bool bad = refused(fields_, taken_, s.value);
    if (bad) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::BeginDisabled(s.value == &AugmentConfig::elastic_sigma && fields_.elastic_alpha == 0);
    // "+-" reads as "either way", which 0 (off) is not.
    const bool either_way = s.format[0] == '+' && fields_.*s.value != 0;
    ImGui::SliderFloat(s.label, &(fields_.*s.value), s.min, s.max,
                       either_way || s.format[0] != '+' ? s.format : s.format + 2);
    rects.note_last_item(s.hook);
    ImGui::EndDisabled();
    if (bad) ImGui::PopStyleColor();
    tooltip(s.tooltip);
  }
  grid.cell();
  ImGui::Checkbox("centre", &fields_.centre);
  rects.note_last_item("augment-centre");
  tooltip("Then centred as a drawing is (cropped, 20 px, centre of mass in the middle)");
  grid.new_row();
  // The book's copies: a tick for its recipe, and the angle beside it.
  bool copies = fields_.copies_degrees > 0;
  char label[48];
  std::snprintf(label, sizeof label, "also at +-%g deg###copies",
                static_cast<double>(copies ? fields_.copies_degrees : kBookCopiesDegrees));
  grid.cell();
  if (ImGui::Checkbox(label, &copies)) fields_.copies_degrees = copies ? kBookCopiesDegrees : 0;
  rects.note_last_item("augment-copies");
  tooltip(
      "The book's recipe: each training image also turned this far clockwise and anticlockwise "
      "(not centred, unless other settings are on too); an epoch is three times as long");
  grid.cell();
  ImGui::BeginDisabled(!copies);
  const bool bad = refused(fields_, taken_, &AugmentConfig::copies_degrees);
  if (bad) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  float angle = copies ? fields_.copies_degrees : kBookCopiesDegrees;
  if (ImGui::SliderFloat("copies", &angle, 1, 20, "+-%.0f deg") && copies)
    fields_.copies_degrees = angle;
  rects.note_last_item("augment-copies-angle");
  if (bad) ImGui::PopStyleColor();
  ImGui::EndDisabled();
  tooltip("The copies' angle, in degrees (the book: 10)");
  ImGui::EndDisabled();
}

}  // namespace digitlab
