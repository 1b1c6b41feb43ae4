"""The book's network in PyTorch (CPU, float32, one thread, one sample at a time), for the benchmark.

Variants (--variant), each run in its own process by tests/bench/run.sh so peak memory is its own:
  autograd   what a PyTorch user would write: two bias-free nn.Linear layers with sigmoids,
             summed MSE, loss.backward(), torch.optim.SGD. d/dW of Σ(t-o)² is twice the book's
             ½·Σ(t-o)² gradient, so the step uses lr/2 (TOOLCHAIN.md: "MSE's factor 2"). Even so
             this is NOT the book's rule: autograd's hidden error is W2ᵀ·(e ⊙ o ⊙ (1-o)), the
             book's is W2ᵀ·e (it leaves out the output sigmoid's derivative). Its accuracy is
             reported as measured, not as the book's.
  book       the book's update written out with tensors, no autograd: torch.mv for the products,
             torch.outer for ΔW = lr·(e ⊙ o ⊙ (1-o))·o_prevᵀ, added in place.
  book-addr  the same rule with Tensor.addr_, the in-place rank-1 update (BLAS ger): no
             200x784 temporary per sample. Included so that "PyTorch's fastest per-sample
             variant" really is the fastest way we know to write it.
Input scaling x/255*0.99+0.01 happens per sample inside the timed loop, as in the book, the
NumPy reference and digitlab. Prints one JSON line per run (see mnist_idx.report).
"""
import time

import numpy
import torch

import mnist_idx

VARIANTS = ("autograd", "book", "book-addr")


def initial_weights(sizes, seed):
    # The book's initialisation: normal, σ = 1/√(incoming links), W_l is (out, in).
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(o, i, generator=g) * i ** -0.5 for i, o in zip(sizes, sizes[1:])]


def scaled(pixels):
    # (784,) uint8 tensor -> the book's inputs, float32.
    return pixels.to(torch.float32).mul_(0.99 / 255.0).add_(0.01)


def train_autograd(w1, w2, xs, ys, targets, lr):
    model = torch.nn.Sequential(
        torch.nn.Linear(w1.shape[1], w1.shape[0], bias=False), torch.nn.Sigmoid(),
        torch.nn.Linear(w2.shape[1], w2.shape[0], bias=False), torch.nn.Sigmoid())
    with torch.no_grad():
        model[0].weight.copy_(w1)
        model[2].weight.copy_(w2)
    loss_fn = torch.nn.MSELoss(reduction="sum")  # Σ(t-o)²: gradient 2x the book's ½·Σ(t-o)²
    optimiser = torch.optim.SGD(model.parameters(), lr=lr / 2)
    for i in range(len(ys)):
        x = scaled(xs[i])
        optimiser.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), targets[ys[i]])
        loss.backward()
        optimiser.step()
    return model[0].weight.detach(), model[2].weight.detach()


@torch.no_grad()
def train_book(w1, w2, xs, ys, targets, lr, fused):
    for i in range(len(ys)):
        x = scaled(xs[i])
        h = torch.sigmoid(torch.mv(w1, x))
        o = torch.sigmoid(torch.mv(w2, h))
        e_o = targets[ys[i]] - o
        e_h = torch.mv(w2.t(), e_o)  # with W2 before its update, as the book does
        d_o = e_o * o * (1.0 - o)
        d_h = e_h * h * (1.0 - h)
        if fused:
            w2.addr_(d_o, h, alpha=lr)
            w1.addr_(d_h, x, alpha=lr)
        else:
            w2.add_(torch.outer(d_o, h), alpha=lr)
            w1.add_(torch.outer(d_h, x), alpha=lr)
    return w1, w2


@torch.no_grad()
def count_correct(w1, w2, xs, ys):
    correct = 0
    for i in range(len(ys)):
        o = torch.sigmoid(torch.mv(w2, torch.sigmoid(torch.mv(w1, scaled(xs[i])))))
        correct += int(torch.argmax(o)) == int(ys[i])
    return correct


def main():
    parser = mnist_idx.arguments(__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=VARIANTS, required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)  # batch size 1: one thread beats two here (TOOLCHAIN.md)
    train_x, train_y, test_x, test_y = mnist_idx.data(args)
    # uint8 tensors sharing NumPy's memory; labels as Python ints for indexing.
    xs, test_xs = torch.from_numpy(train_x.copy()), torch.from_numpy(test_x.copy())
    ys, test_ys = train_y.tolist(), test_y.tolist()
    targets = [torch.full((10,), 0.01).index_fill_(0, torch.tensor([k]), 0.99) for k in range(10)]
    w1, w2 = initial_weights([784, args.hidden, 10], args.seed)

    start = time.perf_counter()
    if args.variant == "autograd":
        w1, w2 = train_autograd(w1, w2, xs, ys, targets, args.lr)
    else:
        w1, w2 = train_book(w1, w2, xs, ys, targets, args.lr, args.variant == "book-addr")
    train_seconds = time.perf_counter() - start

    start = time.perf_counter()
    correct = count_correct(w1, w2, test_xs, test_ys)
    query_seconds = time.perf_counter() - start

    mnist_idx.report(
        "torch-" + args.variant, len(ys), train_seconds, len(test_ys), query_seconds, correct,
        dtype="float32", threads=torch.get_num_threads(), torch=torch.__version__,
        numpy=numpy.__version__,
    )


if __name__ == "__main__":
    main()
