// The training panel's augmentation settings: TrainingConfig::augment (image/augment.h) edited in
// a fold of the Training section, with a preview of what the network sees (augment_preview.h).
//   folded   "Augmentation", its help, and the settings in the CLI's --augment form
//            (augment_text), so a preset's augmentation shows without opening it
//   open     a slider per setting (Ctrl+click types a value past its range), centring, the
//            book's rotated copies, and the preview row
// A value the core refuses (validate_augment: typed past its limits) stays in its field, drawn
// in red, with the core's message beside Start (TrainingPanel::draw_run_section), and the
// config keeps the last good settings: nothing is lost, and the preview keeps showing them.
#pragma once
#include <string>

#include "augment_preview.h"
#include "image/augment.h"
#include "item_rects.h"

namespace digitlab {

class AugmentSettings {
 public:
  // The section at the cursor. config is the panel's TrainingConfig::augment: settings that
  // pass validate_augment go into it as they change. A config changed elsewhere (a preset, a
  // loaded model) replaces what the fields show. editable: false while a run trains.
  void draw(AugmentConfig& config, bool editable, ItemRects& rects);

  // The settings as the fields show them: config itself, unless fields hold a value the core
  // refused (then those fields), so the run's check gives the core's message for it.
  AugmentConfig shown(const AugmentConfig& config) const;
  const AugmentConfig& fields() const { return fields_; }
  // validate_augment's message for the fields, "" when they are fine.
  const std::string& message() const { return message_; }
  bool is_open() const { return open_; }
  // Opens the fold and scrolls its window to show the preview at the next frame (the desktop's
  // --augment, for a look at the settings and their preview).
  void reveal() { open_ = reveal_ = true; }

  AugmentPreview& preview() { return preview_; }
  const AugmentPreview& preview() const { return preview_; }

 private:
  void draw_fields(bool editable, ItemRects& rects);

  AugmentConfig fields_;  // what the fields show
  AugmentConfig taken_;   // what was last put into (or found in) the config
  std::string message_;
  bool open_ = false;
  bool reveal_ = false;
  AugmentPreview preview_;
};

}  // namespace digitlab
