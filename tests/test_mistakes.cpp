// Evaluation details (network/mistakes.h): the images of every confusion cell, the surest
// mistakes and each class's accuracy, against the confusion matrix of the same evaluation and of
// evaluate() without details, on a briefly trained network and real test digits.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "mnist_slice.h"
#include "network/evaluate.h"
#include "network/mistakes.h"
#include "run_config.h"
#include "training/trainer.h"

using namespace digitlab;

namespace {

// A 784-30-10 book network after one epoch on 1,000 digits: about 80% right on the test
// digits, so every row has right and wrong answers.
const Network& trained_network() {
  static const Network net = [] {
    const Dataset train = mnist_test::first_images("train", 1000);
    Network n({784, 30, 10}, 3);
    Trainer trainer(n, train, digitlab_test::run_config(0.2f, 1));
    while (!trainer.stats().finished) trainer.step(train.size());
    return n;
  }();
  return net;
}

const Dataset& test_digits() {
  static const Dataset data = mnist_test::first_images("t10k", 600);
  return data;
}

}  // namespace

TEST_CASE("each confusion cell lists its images: as many as the matrix counts, each image once") {
  const Network& net = trained_network();
  const Dataset& data = test_digits();
  EvaluationDetails details;
  const Evaluation eval = evaluate(net, data, &details);
  CHECK(eval.non_finite == 0);
  CHECK(eval.correct < eval.total);  // guard: mistakes to list
  CHECK(eval.accuracy() > 0.6);

  // The matrix is evaluate()'s without details.
  CHECK(eval.confusion == evaluate(net, data).confusion);
  std::vector<int> seen(data.size(), 0);
  size_t listed = 0;
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      CAPTURE(a);
      CAPTURE(p);
      const std::vector<size_t>& cell = details.cell(a, p);
      CHECK(cell.size() == eval.confusion[a][p]);
      CHECK(std::is_sorted(cell.begin(), cell.end()));
      listed += cell.size();
      for (size_t i : cell) {
        REQUIRE(i < data.size());
        CHECK(data.labels[i] == a);
        seen[i] += 1;
      }
    }
  CHECK(listed == data.size());
  CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));

  // A listed image classified again on its own is where its cell says, as sure as listed.
  std::vector<float> input(data.pixels_per_image()), out(kClasses);
  for (int p = 0; p < kClasses; ++p) {
    const std::vector<size_t>& cell = details.cell(2, p);
    REQUIRE(details.cell_confidences(2, p).size() == cell.size());
    for (size_t k = 0; k < cell.size(); ++k) {
      scale_input(input.data(), data.image(cell[k]), input.size());
      net.query_outputs(out.data(), input.data());
      CHECK(argmax(out.data(), kClasses) == p);
      CHECK(details.cell_confidences(2, p)[k] == doctest::Approx(out[p]).epsilon(1e-5));
    }
  }
}

TEST_CASE("the surest mistakes: all wrong, surest first, at most N, none surer left out") {
  const Network& net = trained_network();
  const Dataset& data = test_digits();
  EvaluationDetails all(data.size());
  const Evaluation eval = evaluate(net, data, &all);
  const std::vector<Mistake>& every = all.most_confident_mistakes();
  REQUIRE(every.size() == eval.total - eval.correct);  // room for all: every mistake is kept
  REQUIRE(every.size() > 8);
  for (size_t k = 0; k < every.size(); ++k) {
    const Mistake& m = every[k];
    CAPTURE(k);
    CHECK(m.actual != m.predicted);
    CHECK(m.actual == data.labels[m.index]);
    CHECK(m.predicted == argmax(m.outputs.data(), kClasses));
    CHECK(m.confidence() == m.outputs[m.predicted]);
    if (k > 0) CHECK(every[k - 1].confidence() >= m.confidence());
  }
  CHECK(every.front().confidence() > every.back().confidence());  // guard: not all equal

  for (size_t n : {size_t(0), size_t(1), size_t(8)}) {
    CAPTURE(n);
    EvaluationDetails top(n);
    evaluate(net, data, &top);
    const std::vector<Mistake>& kept = top.most_confident_mistakes();
    REQUIRE(kept.size() == n);
    for (size_t k = 0; k < n; ++k) {
      CHECK(kept[k].index == every[k].index);
      CHECK(kept[k].outputs == every[k].outputs);
    }
  }
}

TEST_CASE("details collected in slices equal one pass's") {
  const Network& net = trained_network();
  const Dataset& data = test_digits();
  EvaluationDetails whole(20), sliced(20);
  evaluate(net, data, &whole);
  Evaluation eval;
  for (size_t at = 0; at < data.size(); at += 7)
    evaluate_range(eval, net, data, at, at + 7, &sliced);
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      CHECK(whole.cell(a, p) == sliced.cell(a, p));
      CHECK(whole.cell_confidences(a, p) == sliced.cell_confidences(a, p));
    }
  REQUIRE(whole.most_confident_mistakes().size() == sliced.most_confident_mistakes().size());
  for (size_t k = 0; k < whole.most_confident_mistakes().size(); ++k)
    CHECK(whole.most_confident_mistakes()[k].index == sliced.most_confident_mistakes()[k].index);
}

TEST_CASE("per-class accuracy is the diagonal over the row's sum") {
  const Network& net = trained_network();
  const Dataset& data = test_digits();
  const Evaluation eval = evaluate(net, data);
  const std::array<ClassAccuracy, kClasses> classes = per_class_accuracy(eval);
  size_t correct = 0, total = 0;
  std::vector<uint32_t> rows(kClasses, 0);
  for (size_t i = 0; i < data.size(); ++i) rows[data.labels[i]] += 1;
  bool differ = false;
  for (int a = 0; a < kClasses; ++a) {
    CAPTURE(a);
    CHECK(classes[a].total == rows[a]);  // the row holds every image of the class
    CHECK(classes[a].correct == eval.confusion[a][a]);
    CHECK(classes[a].accuracy() == doctest::Approx(double(eval.confusion[a][a]) / double(rows[a])));
    correct += classes[a].correct;
    total += classes[a].total;
    differ = differ || classes[a].accuracy() != classes[0].accuracy();
  }
  CHECK(differ);  // guard: classes are not all alike
  CHECK(correct == eval.correct);
  CHECK(total == eval.total);
  // A class without test images: no division by zero.
  Evaluation empty;
  CHECK(per_class_accuracy(empty)[4].accuracy() == 0.0);
  CHECK(per_class_accuracy(empty)[4].total == 0);
}

// Details sent as bytes (a Web Worker's full pass) are rebuilt from their parts: the same lists.
TEST_CASE("details rebuilt from their parts equal the original; inconsistent parts are refused") {
  const Network& net = trained_network();
  const Dataset& data = test_digits();
  EvaluationDetails original(8);
  evaluate(net, data, &original);
  EvaluationDetails::Cells cells;
  EvaluationDetails::CellConfidences confidences;
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      cells[a][p] = original.cell(a, p);
      confidences[a][p] = original.cell_confidences(a, p);
    }
  const std::vector<Mistake>& mistakes = original.most_confident_mistakes();
  REQUIRE(mistakes.size() == 8);

  const Result<EvaluationDetails> rebuilt =
      EvaluationDetails::from_parts(8, cells, confidences, mistakes);
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt->most_confident() == 8);
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      CHECK(rebuilt->cell(a, p) == original.cell(a, p));
      CHECK(rebuilt->cell_confidences(a, p) == original.cell_confidences(a, p));
    }
  REQUIRE(rebuilt->most_confident_mistakes().size() == 8);
  for (size_t k = 0; k < 8; ++k) {
    CHECK(rebuilt->most_confident_mistakes()[k].index == mistakes[k].index);
    CHECK(rebuilt->most_confident_mistakes()[k].outputs == mistakes[k].outputs);
  }

  // Refused: more mistakes than kept, a cell whose lists differ, a mistake that is right, a
  // list out of order.
  CHECK_FALSE(EvaluationDetails::from_parts(7, cells, confidences, mistakes).ok());
  EvaluationDetails::CellConfidences short_cell = confidences;
  short_cell[1][1].pop_back();
  CHECK_FALSE(EvaluationDetails::from_parts(8, cells, short_cell, mistakes).ok());
  std::vector<Mistake> right = mistakes;
  right[3].predicted = right[3].actual;
  CHECK_FALSE(EvaluationDetails::from_parts(8, cells, confidences, right).ok());
  std::vector<Mistake> reversed(mistakes.rbegin(), mistakes.rend());
  CHECK_FALSE(EvaluationDetails::from_parts(8, cells, confidences, reversed).ok());
}
