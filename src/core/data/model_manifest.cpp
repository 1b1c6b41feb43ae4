// The bundled models' manifest: parse and format (model_manifest.h).
#include "data/model_manifest.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace digitlab {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// Splits at tabs.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == '\t')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// A plain decimal in 0..1 ("0.9751"): nothing strtod would take beyond that (no "nan", "1e-1",
// spaces or signs), so a damaged line never reads as a number.
Result<double> parse_accuracy(const std::string& text) {
  bool dot = false, digit = false;
  for (char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return fail("the accuracy '" + text + "' is not a number like 0.9751");
    }
  }
  if (!digit || text.size() > 12)
    return fail("the accuracy '" + text + "' is not a number like 0.9751");
  const double value = std::strtod(text.c_str(), nullptr);
  if (value > 1.0) return fail("the accuracy " + text + " is above 1");
  return value;
}

}  // namespace

Status check_bundled_model(const BundledModel& m) {
  if (m.name.empty() || m.name.size() > kMaxModelNameLength)
    return fail("a model's name must have 1 to " + std::to_string(kMaxModelNameLength) +
                " characters");
  for (char c : m.name)
    if (!name_char(c))
      return fail("the model name '" + m.name + "' may hold only a-z, 0-9 and '-'");
  for (char c : m.file)
    if (c == '/' || c == '\\' || c == '\t' || static_cast<unsigned char>(c) < 0x20)
      return fail("the model file '" + m.file + "' must be a plain file name");
  if (m.file.size() <= 4 || !ends_with(m.file, ".dlm") || m.file.front() == '.')
    return fail("the model file '" + m.file + "' is not a .dlm file name");
  if (!(m.accuracy >= 0.0 && m.accuracy <= 1.0))
    return fail("the accuracy of '" + m.name + "' is not between 0 and 1");
  if (m.summary.empty()) return fail("the model '" + m.name + "' has no summary");
  for (char c : m.summary)
    if (c == '\t' || c == '\n' || c == '\r')
      return fail("the summary of '" + m.name + "' must be one line without tabs");
  return Status::success();
}

Result<std::vector<BundledModel>> parse_model_manifest(const uint8_t* data, size_t size) {
  if (size > kMaxModelManifestBytes)
    return fail("the model manifest is longer than " + std::to_string(kMaxModelManifestBytes) +
                " bytes");
  std::vector<BundledModel> models;
  const std::string text(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  for (int line_number = 1; start < text.size(); ++line_number) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = "model manifest line " + std::to_string(line_number) + ": ";
    const std::vector<std::string> f = fields(line);
    if (f.size() != 4)
      return fail(where +
                  "expected 4 tab-separated fields (name, file, accuracy, summary), found " +
                  std::to_string(f.size()));
    Result<double> accuracy = parse_accuracy(f[2]);
    if (!accuracy) return fail(where + accuracy.error());
    BundledModel model{f[0], f[1], *accuracy, f[3]};
    if (Status s = check_bundled_model(model); !s) return fail(where + s.error());
    if (find_bundled_model(models, model.name))
      return fail(where + "the name '" + model.name + "' is used twice");
    models.push_back(std::move(model));
  }
  if (models.empty()) return fail("the model manifest lists no model");
  return models;
}

std::string format_model_manifest(const std::vector<BundledModel>& models) {
  std::string text =
      "# digitlab's bundled models, written by the build (digitlab manifest): name, file, MNIST "
      "test accuracy, summary; the first is the default.\n";
  for (const BundledModel& m : models) {
    char accuracy[32];
    std::snprintf(accuracy, sizeof accuracy, "%.4f", m.accuracy);
    text += m.name + '\t' + m.file + '\t' + accuracy + '\t' + m.summary + '\n';
  }
  return text;
}

const BundledModel* find_bundled_model(const std::vector<BundledModel>& models,
                                       const std::string& name) {
  for (const BundledModel& m : models)
    if (m.name == name) return &m;
  return nullptr;
}

std::string unknown_model_message(const std::vector<BundledModel>& models,
                                  const std::string& name) {
  std::string names;
  for (const BundledModel& m : models) names += (names.empty() ? "" : ", ") + m.name;
  // The name comes from a link: cut and shown as typed, never a wall of text.
  std::string shown = name.size() > 40 ? name.substr(0, 40) + "..." : name;
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "There is no bundled model '" + shown + "' (one of: " + names + ").";
}

std::string accuracy_text(double accuracy) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * accuracy);
  return text;
}

}  // namespace digitlab
