// The training protocol's decoders (src/app/training_codec.h: the page's worker messages) on
// arbitrary bytes. Input: a mode byte (mode % 3: a command, a batch of events, a snapshot),
// then the message. A message that decodes encodes back to exactly its own bytes (the layout
// has one way to write each message), except a start, whose model file may be an older version
// that is saved anew: it must decode again to the same bytes.
#include "fuzz_bytes.h"
#include "training_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const uint8_t mode = in.u8() % 3;
  const std::vector<uint8_t> bytes = in.rest();
  if (mode == 0) {
    const digitlab::Result<digitlab::TrainingCommand> c =
        digitlab::decode_command(bytes.data(), bytes.size());
    if (!c) {
      FUZZ_CHECK(!c.error().empty());
      return 0;
    }
    const std::vector<uint8_t> again = digitlab::encode_command(*c);
    if (!std::holds_alternative<digitlab::Start>(*c)) {
      FUZZ_CHECK(again == bytes);
      return 0;
    }
    const digitlab::Result<digitlab::TrainingCommand> c2 =
        digitlab::decode_command(again.data(), again.size());
    FUZZ_CHECK(c2.ok());
    FUZZ_CHECK(digitlab::encode_command(*c2) == again);
  } else if (mode == 1) {
    const auto events = digitlab::decode_events(bytes.data(), bytes.size());
    if (!events) {
      FUZZ_CHECK(!events.error().empty());
      return 0;
    }
    FUZZ_CHECK(digitlab::encode_events(*events) == bytes);
  } else {
    const auto snapshot = digitlab::decode_snapshot(bytes.data(), bytes.size());
    if (!snapshot) {
      FUZZ_CHECK(!snapshot.error().empty());
      return 0;
    }
    FUZZ_CHECK(digitlab::encode_snapshot(*snapshot) == bytes);
  }
  return 0;
}
