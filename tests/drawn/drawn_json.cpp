// The strokes JSON (drawn_json.h), built with the page's own JSON helpers.
#include "drawn_json.h"

#include <cassert>

#include "json_text.h"

namespace digitlab::drawn {

std::string drawn_set_json(const DrawnSetConfig& config, const std::vector<DrawnItem>& items,
                           const std::vector<OfflineAnswer>& answers, const JsonModel& model) {
  assert(answers.empty() || answers.size() == items.size());
  std::string json = "{\"seed\":" + std::to_string(config.seed) +
                     ",\"perClass\":" + std::to_string(config.per_class) +
                     ",\"padBrush\":" + (config.pad_brush ? "true" : "false") +
                     ",\"canvas\":" + std::to_string(DrawPad::kCanvasSide) +
                     ",\"padRadius\":" + json_number(DrawPad::kBrushRadius) + ",\"model\":";
  if (answers.empty()) {
    json += "null";
  } else {
    json += "{\"file\":";
    json_string(json, model.file);
    json += ",\"layers\":";
    json_numbers(json, model.layers.data(), model.layers.size());
    json += '}';
  }
  json += ",\"items\":[\n";
  for (size_t i = 0; i < items.size(); ++i) {
    const DrawnItem& item = items[i];
    json += "{\"index\":" + std::to_string(i) + ",\"label\":" + std::to_string(item.label) +
            ",\"style\":";
    json_string(json, item.style);
    // 9 significant digits: a float read back is the same float (the replay test relies on it).
    json += ",\"radius\":" + json_number(item.radius) + ",\"strokes\":[";
    for (size_t s = 0; s < item.strokes.size(); ++s) {
      json += s ? ",[" : "[";
      for (size_t p = 0; p < item.strokes[s].size(); ++p) {
        const PadPoint& point = item.strokes[s][p];
        json += (p ? ",[" : "[") + json_number(point.x) + "," + json_number(point.y) + "]";
      }
      json += ']';
    }
    json += ']';
    if (!answers.empty()) {
      json += ",\"answer\":" + std::to_string(answers[i].answer) + ",\"outputs\":";
      json_numbers(json, answers[i].outputs.data(), answers[i].outputs.size());
    }
    json += i + 1 < items.size() ? "},\n" : "}\n";
  }
  json += "]}\n";
  return json;
}

}  // namespace digitlab::drawn
