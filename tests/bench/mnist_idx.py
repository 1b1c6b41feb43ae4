"""MNIST's IDX files for the benchmark's Python references (numpy_book.py, torch_book.py).

Reads the four files tests/deps.sh puts in build/deps/mnist into uint8 NumPy arrays, checking
the magic numbers and sizes as digitlab's own reader does, so every implementation in the
benchmark trains on the same bytes in the same (file) order.
"""
import argparse
import json
import os
import struct
import sys

import numpy

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_DIR = os.path.join(ROOT, "build", "deps", "mnist")


def _read(path, magic, dims):
    with open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * dims
    if len(data) < header:
        sys.exit(f"{path}: truncated IDX header")
    found, *sizes = struct.unpack(">" + "I" * (1 + dims), data[:header])
    if found != magic:
        sys.exit(f"{path}: magic 0x{found:08x}, expected 0x{magic:08x}")
    count = 1
    for s in sizes:
        count *= s
    if len(data) - header != count:
        sys.exit(f"{path}: {len(data) - header} bytes of data, the header says {count}")
    return numpy.frombuffer(data, dtype=numpy.uint8, offset=header).reshape(sizes)


def load(part, directory=DEFAULT_DIR):
    """part: 'train' or 't10k'. Returns (images (n, 784) uint8, labels (n,) uint8)."""
    images = _read(os.path.join(directory, f"{part}-images-idx3-ubyte"), 0x00000803, 3)
    labels = _read(os.path.join(directory, f"{part}-labels-idx1-ubyte"), 0x00000801, 1)
    if len(images) != len(labels):
        sys.exit(f"MNIST {part}: {len(images)} images but {len(labels)} labels")
    return images.reshape(len(images), -1), labels


def arguments(description):
    """The options both references share; --limit/--test-limit make quick trial runs."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--mnist", default=DEFAULT_DIR, help="folder with the four IDX files")
    p.add_argument("--hidden", type=int, default=200)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--limit", type=int, default=0, help="train on the first N images only")
    p.add_argument("--test-limit", type=int, default=0, help="query the first N test images only")
    return p


def data(args):
    train_x, train_y = load("train", args.mnist)
    test_x, test_y = load("t10k", args.mnist)
    if args.limit:
        train_x, train_y = train_x[: args.limit], train_y[: args.limit]
    if args.test_limit:
        test_x, test_y = test_x[: args.test_limit], test_y[: args.test_limit]
    return train_x, train_y, test_x, test_y


def report(name, trained, train_seconds, queried, query_seconds, correct, **extra):
    """The one JSON line run.sh collects (the last line of stdout)."""
    result = {
        "name": name,
        "samples": trained,
        "train_seconds": round(train_seconds, 3),
        "samples_per_s": round(trained / train_seconds, 1),
        "queries": queried,
        "query_seconds": round(query_seconds, 3),
        "queries_per_s": round(queried / query_seconds, 1),
        "accuracy": correct / queried,
    }
    result.update(extra)
    print(json.dumps(result), flush=True)
