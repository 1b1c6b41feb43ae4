#include "data/dataset_ops.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "data/file_kind.h"
#include "data/formats.h"

namespace digitlab {
Result<Dataset> parse_single_file_dataset(const uint8_t* data, size_t size) {
  std::vector<uint8_t> inflated;
  const uint8_t* head = data;
  size_t head_size = size;
  if (is_gzip(data, size)) {
    Result<std::vector<uint8_t>> raw = gunzip(data, size);
    if (!raw) return fail(raw.error());
    inflated = std::move(*raw);
    head = inflated.data();
    head_size = inflated.size();
  }
  switch (file_kind(head, head_size)) {
    case FileKind::IdxImages:
      return fail("this is an IDX images file: it needs its labels file too");
    case FileKind::IdxLabels:
      return fail("this is an IDX labels file: it needs its images file too");
    default:
      return parse_csv(head, head_size);
  }
}

Dataset take(const Dataset& data, size_t begin, size_t end) {
  end = std::min(end, data.size());
  begin = std::min(begin, end);
  Dataset out;
  out.rows = data.rows;
  out.cols = data.cols;
  out.labels.assign(data.labels.begin() + begin, data.labels.begin() + end);
  out.pixels.assign(data.image(begin), data.image(begin) + (end - begin) * data.pixels_per_image());
  return out;
}

Status append_dataset(Dataset& to, const Dataset& more) {
  if (more.rows != to.rows || more.cols != to.cols)
    return fail("the added images are " + std::to_string(more.rows) + "x" +
                std::to_string(more.cols) + ", the others " + std::to_string(to.rows) + "x" +
                std::to_string(to.cols));
  to.labels.insert(to.labels.end(), more.labels.begin(), more.labels.end());
  to.pixels.insert(to.pixels.end(), more.pixels.begin(), more.pixels.end());
  return Status::success();
}

std::pair<Dataset, Dataset> split_holdout(const Dataset& data, double fraction) {
  const size_t n = data.size();
  if (n < 2) return {data, Dataset{}};
  size_t test = static_cast<size_t>(std::lround(static_cast<double>(n) * fraction));
  test = std::clamp<size_t>(test, 1, n - 1);
  return {take(data, 0, n - test), take(data, n - test, n)};
}

}  // namespace digitlab
