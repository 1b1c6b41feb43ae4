// Labelled fields two to a row where the column is wide enough, else one: each cell is a field
// and its label, the second cell starting at the same x in every row. The training panel's
// settings and its augmentation settings share it, so their fields line up.
#pragma once

namespace digitlab {

class FieldGrid {
 public:
  // Sized at the cursor, for the width available there.
  FieldGrid();
  // Before each field: into the second column when the first of this row is taken.
  void cell();
  // The next field starts a row of its own.
  void new_row() { second_ = false; }
  float row_width() const;

 private:
  float label_w_ = 0, field_ = 0, start_x_ = 0;
  bool pairs_ = false, second_ = false;
};

}  // namespace digitlab
