"""The modern configuration in PyTorch (CPU, float32, one thread), for the benchmark (issue 9).

One epoch of 784-800-10: nn.Linear with biases, ReLU, CrossEntropyLoss (softmax + cross-entropy,
mean over the batch), optim.Adam at lr 0.001 (β 0.9/0.999, ε 1e-8, no decay), mini-batches of
32 in a shuffled order, He (Kaiming normal, fan-in) weights and zero biases — what
tests/bench/modern_bench.cpp runs on digitlab's batch engine. Inputs are scaled as the book
does (x/255·0.99 + 0.01) per batch inside the timed loop, as digitlab does. What is timed is
the training loop alone, as in digitlab's figure; then the test set in batches of 1,000.
Prints one JSON line (mnist_idx.report).
"""
import time

import numpy
import torch

import mnist_idx


def scaled(pixels):
    # (B, 784) uint8 tensor -> the book's inputs, float32.
    return pixels.to(torch.float32).mul_(0.99 / 255.0).add_(0.01)


def model_for(hidden, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # σ = √(2/fan_in)
            layer.bias.zero_()
    return model


def train(model, xs, ys, batch, lr, seed):
    loss_fn = torch.nn.CrossEntropyLoss()
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.randperm(len(ys), generator=torch.Generator().manual_seed(seed))
    total = 0.0
    for start in range(0, len(ys), batch):
        at = order[start:start + batch]
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(scaled(xs[at])), ys[at])
        loss.backward()
        optimiser.step()
        total += float(loss) * len(at)
    return total / len(ys)


@torch.no_grad()
def count_correct(model, xs, ys):
    correct = 0
    for start in range(0, len(ys), 1000):
        out = model(scaled(xs[start:start + 1000]))
        correct += int((out.argmax(dim=1) == ys[start:start + 1000]).sum())
    return correct


def main():
    parser = mnist_idx.arguments(__doc__.splitlines()[0])
    parser.set_defaults(hidden=800, lr=0.001)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread, as digitlab
    train_x, train_y, test_x, test_y = mnist_idx.data(args)
    xs, test_xs = torch.from_numpy(train_x.copy()), torch.from_numpy(test_x.copy())
    ys = torch.from_numpy(train_y.astype(numpy.int64))
    test_ys = torch.from_numpy(test_y.astype(numpy.int64))
    model = model_for(args.hidden, args.seed)

    start = time.perf_counter()
    mean_loss = train(model, xs, ys, args.batch, args.lr, args.seed)
    train_seconds = time.perf_counter() - start

    model.eval()
    start = time.perf_counter()
    correct = count_correct(model, test_xs, test_ys)
    query_seconds = time.perf_counter() - start

    mnist_idx.report(
        "torch-modern", len(ys), train_seconds, len(test_ys), query_seconds, correct,
        mean_loss=round(mean_loss, 5), batch=args.batch, hidden=args.hidden, dtype="float32",
        threads=torch.get_num_threads(), torch=torch.__version__, numpy=numpy.__version__,
    )


if __name__ == "__main__":
    main()
