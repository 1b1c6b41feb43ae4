"""The book's network in NumPy, written the way Rashid's book writes it, for the benchmark.

Make Your Own Neural Network (2016), part 2: a neuralNetwork class with float64 arrays, column
vectors built with numpy.array(..., ndmin=2).T, numpy.dot for every product (the weight update
is the outer product numpy.dot(column, row)), one sample at a time in file order. Two
deliberate differences, neither of which changes the arithmetic:
  - the sigmoid is 1/(1+exp(-x)) instead of scipy.special.expit (no SciPy dependency);
  - the images come from the IDX files rather than the book's CSV, so the per-record
    string split is gone; the scaling x/255*0.99+0.01 and the target vector are still
    built per sample inside the loop, as in the book (and as digitlab's trainer does).

Run by tests/bench/run.sh with OPENBLAS_NUM_THREADS=1 (batch size 1 is slower on two threads).
Prints one JSON line: samples_per_s, queries_per_s, accuracy and the timings behind them.
"""
import time

import numpy

import mnist_idx


class neuralNetwork:
    def __init__(self, inputnodes, hiddennodes, outputnodes, learningrate):
        self.inodes = inputnodes
        self.hnodes = hiddennodes
        self.onodes = outputnodes
        # normal, mean 0, standard deviation 1/sqrt(incoming links)
        self.wih = numpy.random.normal(0.0, pow(self.inodes, -0.5), (self.hnodes, self.inodes))
        self.who = numpy.random.normal(0.0, pow(self.hnodes, -0.5), (self.onodes, self.hnodes))
        self.lr = learningrate
        self.activation_function = lambda x: 1.0 / (1.0 + numpy.exp(-x))

    def train(self, inputs_list, targets_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        targets = numpy.array(targets_list, ndmin=2).T

        hidden_inputs = numpy.dot(self.wih, inputs)
        hidden_outputs = self.activation_function(hidden_inputs)
        final_inputs = numpy.dot(self.who, hidden_outputs)
        final_outputs = self.activation_function(final_inputs)

        # e_o = t - o; the hidden error is Wᵀ·e_o with the weights before their update
        output_errors = targets - final_outputs
        hidden_errors = numpy.dot(self.who.T, output_errors)

        self.who += self.lr * numpy.dot(
            (output_errors * final_outputs * (1.0 - final_outputs)), numpy.transpose(hidden_outputs)
        )
        self.wih += self.lr * numpy.dot(
            (hidden_errors * hidden_outputs * (1.0 - hidden_outputs)), numpy.transpose(inputs)
        )

    def query(self, inputs_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        hidden_outputs = self.activation_function(numpy.dot(self.wih, inputs))
        final_outputs = self.activation_function(numpy.dot(self.who, hidden_outputs))
        return final_outputs


def main():
    args = mnist_idx.arguments(__doc__.splitlines()[0]).parse_args()
    train_x, train_y, test_x, test_y = mnist_idx.data(args)
    numpy.random.seed(args.seed)
    n = neuralNetwork(784, args.hidden, 10, args.lr)

    start = time.perf_counter()
    for pixels, label in zip(train_x, train_y):
        inputs = (numpy.asarray(pixels, dtype=numpy.float64) / 255.0 * 0.99) + 0.01
        targets = numpy.zeros(10) + 0.01
        targets[int(label)] = 0.99
        n.train(inputs, targets)
    train_seconds = time.perf_counter() - start

    start = time.perf_counter()
    correct = 0
    for pixels, label in zip(test_x, test_y):
        inputs = (numpy.asarray(pixels, dtype=numpy.float64) / 255.0 * 0.99) + 0.01
        outputs = n.query(inputs)
        correct += int(numpy.argmax(outputs)) == int(label)
    query_seconds = time.perf_counter() - start

    mnist_idx.report(
        "numpy-book", len(train_x), train_seconds, len(test_x), query_seconds, correct,
        dtype="float64", numpy=numpy.__version__,
    )


if __name__ == "__main__":
    main()
