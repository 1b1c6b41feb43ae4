// The bundled models' manifest (data/model_manifest.h): the build writes it, the app's model
// menu reads it; every field is checked.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data/model_manifest.h"

using namespace digitlab;

namespace {

Result<std::vector<BundledModel>> parse(const std::string& text) {
  return parse_model_manifest(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::vector<BundledModel> two_models() {
  return {{"book", "pretrained.dlm", 0.9751, "the book's 784-200-10"},
          {"strong", "strong.dlm", 0.98625, "784-512-10 ReLU on distorted digits"}};
}

}  // namespace

TEST_CASE("model manifest: what format writes, parse reads back, first one first") {
  const std::string text = format_model_manifest(two_models());
  CHECK(text.rfind("# ", 0) == 0);  // starts with its comment line
  Result<std::vector<BundledModel>> read = parse(text);
  REQUIRE_MESSAGE(read, read.error());
  REQUIRE(read->size() == 2);
  CHECK((*read)[0].name == "book");
  CHECK((*read)[0].file == "pretrained.dlm");
  CHECK((*read)[0].accuracy == doctest::Approx(0.9751));
  CHECK((*read)[0].summary == "the book's 784-200-10");
  CHECK((*read)[1].name == "strong");
  CHECK((*read)[1].accuracy == doctest::Approx(0.9862).epsilon(1e-9));  // written to 4 places
  CHECK(find_bundled_model(*read, "strong") == &(*read)[1]);
  CHECK(find_bundled_model(*read, "Strong") == nullptr);
}

TEST_CASE("model manifest: comments, blank lines and CRLF are allowed") {
  Result<std::vector<BundledModel>> read =
      parse("# header\r\n\r\nbook\tpretrained.dlm\t0.97\tthe book\r\n");
  REQUIRE_MESSAGE(read, read.error());
  REQUIRE(read->size() == 1);
  CHECK(read->front().summary == "the book");
}

TEST_CASE("model manifest: damaged lines are refused with the line's number") {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"", "lists no model"},
      {"# only a comment\n", "lists no model"},
      {"book\tpretrained.dlm\t0.97\n", "line 1: expected 4"},
      {"book\tpretrained.dlm\t0.97\tx\ty\n", "found 5"},
      {"#\nBook\tpretrained.dlm\t0.97\tx\n", "line 2: the model name 'Book'"},
      {"a b\tpretrained.dlm\t0.97\tx\n", "may hold only"},
      {"\tpretrained.dlm\t0.97\tx\n", "1 to 32"},
      {"book\t../pretrained.dlm\t0.97\tx\n", "plain file name"},
      {"book\tmodels\\strong.dlm\t0.97\tx\n", "plain file name"},
      {"book\tpretrained.txt\t0.97\tx\n", "not a .dlm"},
      {"book\t.dlm\t0.97\tx\n", "not a .dlm"},
      {"book\tpretrained.dlm\tnan\tx\n", "not a number"},
      {"book\tpretrained.dlm\t-0.5\tx\n", "not a number"},
      {"book\tpretrained.dlm\t1e-1\tx\n", "not a number"},
      {"book\tpretrained.dlm\t\tx\n", "not a number"},
      {"book\tpretrained.dlm\t1.5\tx\n", "above 1"},
      {"book\tpretrained.dlm\t0.97\t\n", "no summary"},
      {"a\ta.dlm\t0.9\tx\na\tb.dlm\t0.9\ty\n", "line 2: the name 'a' is used twice"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Result<std::vector<BundledModel>> read = parse(c.text);
    REQUIRE_FALSE(read);
    CHECK_MESSAGE(read.error().find(c.says) != std::string::npos, read.error());
  }
}

TEST_CASE("model manifest: a truncated manifest stops at a whole line or is refused") {
  const std::string text = format_model_manifest(two_models());
  for (size_t cut = 0; cut < text.size(); ++cut) {
    Result<std::vector<BundledModel>> read = parse(text.substr(0, cut));
    // Either refused, or one or two whole models that check out: never a half-read name.
    if (read) {
      for (const BundledModel& m : *read) CHECK(check_bundled_model(m).ok());
      CHECK(read->front().name == "book");
    }
  }
  const std::string huge(kMaxModelManifestBytes + 1, '#');
  CHECK_FALSE(parse(huge));
}

TEST_CASE("model manifest: what cannot be written is refused before writing") {
  BundledModel m{"strong", "strong.dlm", 0.98, "one\tline"};
  CHECK_FALSE(check_bundled_model(m));
  m.summary = "two\nlines";
  CHECK_FALSE(check_bundled_model(m));
  m.summary = "fine";
  CHECK(check_bundled_model(m));
  m.accuracy = 1.5;
  CHECK_FALSE(check_bundled_model(m));
}

TEST_CASE("model manifest: an unknown name's message lists the names, and shows what was asked") {
  const std::string text = unknown_model_message(two_models(), "nope\x1b[2J");
  CHECK(text.find("'nope?[2J'") != std::string::npos);  // no control character reaches the UI
  CHECK(text.find("one of: book, strong") != std::string::npos);
  CHECK(accuracy_text(0.97514) == "97.51%");
}
