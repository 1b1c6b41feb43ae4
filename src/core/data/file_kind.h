// What a file is, by its content: the one home for the magic numbers of the files digitlab
// reads, so the upload router, the single-file dataset reader and the desktop's save guard
// (which must not write a model over a dataset) all decide alike.
//   "DLMD"                       a digitlab model (model_file.h)
//   1f 8b                        gzip (formats.h); file_kind_text() looks inside
//   00 00 08 03 / 00 00 08 01    IDX images / labels; 00 00 xx xx another IDX type
//   text with a comma            CSV as in the book; other text, other bytes
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace digitlab {

enum class FileKind { Empty, Model, Gzip, IdxImages, IdxLabels, IdxOther, Csv, Text, Binary };

// From the first bytes as they are (gzip is not unzipped).
FileKind file_kind(const uint8_t* data, size_t size);

// IDX: the type code (0x0803, 0x0801, ...) and the count its header declares (0 if cut off).
uint32_t idx_type(const uint8_t* data, size_t size);
uint32_t idx_count(const uint8_t* data, size_t size);

// For a message: "a digitlab model", "a CSV dataset", "a gzip-compressed IDX images file"...
// A gzip file is unzipped to say what it holds, when `whole`; with whole = false the bytes are
// only the file's beginning (a bounded look at a file of any size), and a gzip stream cut off
// cannot be unzipped: it is named "a gzip-compressed file" without trying.
std::string file_kind_text(const uint8_t* data, size_t size, bool whole = true);

}  // namespace digitlab
