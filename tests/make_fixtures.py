#!/usr/bin/python3
"""Test fixtures made from the bundled MNIST at test time (nothing is committed):
  make_fixtures.py MNIST_DIR OUT_DIR
writes OUT_DIR/small-train.csv (header line + 3,000 rows, Kaggle style), small-test.csv
(1,000 rows, Rashid style, no header), and digit-<i>-<label>.png: MNIST test images 0..4
drawn 10x larger as black ink on white paper, placed off-centre on a 400x300 canvas, and
huge.png: a few dozen bytes whose header declares a 30000x30000 picture."""
import os
import struct
import sys
import zlib


def read_idx(images_path, labels_path):
    with open(images_path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    assert magic == 0x803 and rows == cols == 28
    with open(labels_path, "rb") as f:
        labels = f.read()[8:]
    return [data[16 + i * 784:16 + (i + 1) * 784] for i in range(n)], labels


def write_csv(path, images, labels, header):
    with open(path, "w") as f:
        if header:
            f.write("label," + ",".join("pixel%d" % i for i in range(784)) + "\n")
        for img, lab in zip(images, labels):
            f.write("%d,%s\n" % (lab, ",".join(str(b) for b in img)))


def write_png(path, width, height, grey_rows):
    write_png_bytes(path, width, height, b"".join(b"\x00" + bytes(r) for r in grey_rows))


def write_png_bytes(path, width, height, raw):
    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload +
                struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def main():
    mnist, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    train, train_labels = read_idx(mnist + "/train-images-idx3-ubyte", mnist + "/train-labels-idx1-ubyte")
    test, test_labels = read_idx(mnist + "/t10k-images-idx3-ubyte", mnist + "/t10k-labels-idx1-ubyte")
    write_csv(out + "/small-train.csv", train[:3000], train_labels[:3000], header=True)
    write_csv(out + "/small-test.csv", test[:1000], test_labels[:1000], header=False)
    for i in range(5):
        w, h, scale, ox, oy = 400, 300, 10, 30 + 20 * i, 10
        rows = [[255] * w for _ in range(h)]
        for y in range(28 * scale):
            for x in range(28 * scale):
                v = test[i][(y // scale) * 28 + x // scale]
                if oy + y < h:
                    rows[oy + y][ox + x] = 255 - v
        write_png("%s/digit-%d-%d.png" % (out, i, test_labels[i]), w, h, rows)
    # The header claims 900 million pixels; the data is one row's worth.
    write_png_bytes(out + "/huge.png", 30000, 30000, b"\x00" * 30001)


if __name__ == "__main__":
    main()
