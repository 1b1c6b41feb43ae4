// The drawn set's strokes as JSON, for the browser test (tests/web/drawn.mjs): each item's
// strokes in pad coordinates with its label, style and brush radius and, when a model was
// given, the model's offline answer and outputs. One item per line, so a diff reads well.
//   {"seed":1,"perClass":60,"padBrush":false,"canvas":280,"padRadius":10,
//    "model":{"file":"pretrained.dlm","layers":[784,200,10]} or null,
//    "items":[
//     {"index":0,"label":0,"style":"oval","radius":9.5,"strokes":[[[x,y],...],...],
//      "answer":0,"outputs":[...]},
//     ...]}
#pragma once
#include <string>
#include <vector>

#include "drawn_set.h"

namespace digitlab::drawn {

struct JsonModel {
  std::string file;  // as the user named it
  std::vector<int> layers;
};

// answers: one per item, or empty (then model is ignored and written as null).
std::string drawn_set_json(const DrawnSetConfig& config, const std::vector<DrawnItem>& items,
                           const std::vector<OfflineAnswer>& answers, const JsonModel& model);

}  // namespace digitlab::drawn
