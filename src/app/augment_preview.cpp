#include "augment_preview.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "data/formats.h"
#include "inside_draw.h"
#include "widgets.h"

namespace digitlab {

void AugmentPreview::choose_digit(const Preprocessed& pad, const Dataset& train) {
  if (!pad.empty && pad.pixels.size() == static_cast<size_t>(kImagePixels)) {
    digit_.assign(pad.pixels.begin(), pad.pixels.end());
    source_ = "pad";
  } else if (train.size() > 0 && train.rows == kImageSide && train.cols == kImageSide) {
    digit_.assign(train.image(0), train.image(0) + kImagePixels);
    source_ = "training data";
  } else {
    digit_.clear();
    source_.clear();
  }
}

void AugmentPreview::update(const AugmentConfig& config) {
  if (digit_ == made_digit_ && config == made_config_ && seed_ == made_seed_ && computed_ > 0)
    return;
  made_digit_ = digit_;
  made_config_ = config;
  made_seed_ = seed_;
  samples_.clear();
  if (!digit_.empty())
    samples_ = training_previews(digit_.data(), kImageSide, config, kCount, seed_);
  fingerprint_ = previews_fingerprint(samples_);
  ++computed_;
}

void AugmentPreview::draw(ItemRects& rects) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // The button first, so the caption takes what is left of the line (cut, whole on hover).
  ImGui::BeginDisabled(digit_.empty());
  if (ImGui::Button("New samples")) new_samples();
  ImGui::EndDisabled();
  rects.note_last_item("augment-new");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Other random versions with the same settings (seed %llu)",
                      static_cast<unsigned long long>(seed_ + 1));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  text_one_line("what the network sees", ImGui::GetColorU32(ImGuiCol_TextDisabled));

  // Eight in a row, or two rows of four in a narrow column; as tall with nothing to show, so
  // nothing below moves when a digit arrives.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = style.ItemInnerSpacing.x;
  const float min_box = 2.5f * ImGui::GetFontSize();
  const int per_row = (avail - gap * (kCount - 1)) / kCount >= min_box ? kCount : kCount / 2;
  const float box =
      std::floor((avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
  const int rows = (kCount + per_row - 1) / per_row;
  ImGui::PushID("augment preview");
  ImGui::BeginGroup();
  if (samples_.empty()) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float height =
        box * static_cast<float>(rows) + style.ItemSpacing.y * static_cast<float>(rows - 1);
    ImGui::Dummy(ImVec2(avail, height));
    ImGui::GetWindowDrawList()->AddText(
        ImVec2(top.x, top.y + (height - ImGui::GetFontSize()) * 0.5f),
        ImGui::GetColorU32(ImGuiCol_TextDisabled), "Draw a digit or load data to see it here.");
  } else {
    for (size_t i = 0; i < samples_.size(); ++i) {
      if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine(0, gap);
      grey_picture(samples_[i].pixels.data(), kImageSide, box);
      if (!ImGui::IsItemHovered()) continue;
      const int v = samples_[i].version;
      const char* of = source_ == "pad" ? "the pad's digit" : "the first training digit";
      if (v == 0)
        ImGui::SetTooltip("Sample %zu of seed %llu, from %s", i + 1,
                          static_cast<unsigned long long>(seed_), of);
      else
        ImGui::SetTooltip(
            "Sample %zu of seed %llu, from %s: the book's copy, turned %s%g degrees "
            "first",
            i + 1, static_cast<unsigned long long>(seed_), of, v == 1 ? "+" : "-",
            static_cast<double>(made_config_.copies_degrees));
    }
  }
  ImGui::EndGroup();
  ImGui::PopID();
  rects.note_last_item("augment-preview");
}

}  // namespace digitlab
