#!/usr/bin/python3
"""Seed corpora for the fuzz targets, made from scratch each run (nothing binary is committed):
  make_seeds.py OUT_DIR
writes OUT_DIR/<target>/<seed> for every target in tests/fuzz. Each seed is a small valid input
(or a near miss) in the target's own input layout, described at the top of its fuzz_*.cpp, so
the fuzzer starts from inputs that reach deep into the parser instead of dying at the magic."""
import gzip
import os
import random
import struct
import sys
import zlib

rng = random.Random(1)  # fixed: the same seeds every run


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def digit(label):
    """A 28x28 image: a blocky stroke that differs per label, with grey edges."""
    img = bytearray(784)
    for y in range(6, 22):
        x = 8 + (label + y) % 12
        img[y * 28 + x] = 255
        img[y * 28 + x + 1] = 128
    return bytes(img)


def idx_images(labels):
    return struct.pack(">IIII", 0x803, len(labels), 28, 28) + b"".join(digit(l) for l in labels)


def idx_labels(labels):
    return struct.pack(">II", 0x801, len(labels)) + bytes(labels)


def csv_text(labels, header=False, sep=",", eol="\n"):
    lines = []
    if header:
        lines.append(sep.join(["label"] + ["pixel%d" % i for i in range(784)]))
    for l in labels:
        lines.append(sep.join([str(l)] + [str(b) for b in digit(l)]))
    return (eol.join(lines) + eol).encode()


def model_bytes(sizes, seed=0):
    r = random.Random(seed)
    b = b"DLMD" + struct.pack("<III", 1, 1, len(sizes)) + struct.pack("<%dI" % len(sizes), *sizes)
    b += struct.pack("<fIQQ", 0.1, 3, 42, 1000)
    count = sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))
    b += struct.pack("<Q", count) + struct.pack("<%df" % count,
                                                 *[r.uniform(-1, 1) for _ in range(count)])
    return b + struct.pack("<I", zlib.crc32(b))


def model_v2_bytes(sizes, seed=0, hidden=1, loss=1, bias=0, settings=(1, 7, 1, 0.1, 1, 1, 0.0, 1, 0)):
    """A version-2 model file (src/core/data/model_file.h). hidden: the hidden layers' activation
    code; loss: the loss code (the output's activation follows it: softmax for 3, else sigmoid);
    settings: init, seed, optimizer, lr, batch, schedule, weight decay, epochs, shuffle."""
    r = random.Random(seed)
    b = b"DLMD" + struct.pack("<III", 2, len(sizes), sizes[0])
    for i, n in enumerate(sizes[1:]):
        act = (5 if loss == 3 else 1) if i == len(sizes) - 2 else hidden
        b += struct.pack("<IIII", 1, n, act, bias)
    b += struct.pack("<II", loss, settings[0]) + struct.pack("<Q", settings[1])
    b += struct.pack("<IfIIfII", *settings[2:])
    b += struct.pack("<IQ", 2, 500)  # epochs seen, samples seen
    count = sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))
    biases = sum(sizes[1:]) if bias else 0
    b += struct.pack("<QQ", count, biases)
    b += struct.pack("<%df" % (count + biases), *[r.uniform(-1, 1) for _ in range(count + biases)])
    return b + struct.pack("<I", zlib.crc32(b))


def raw_deflate(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return c.compress(data) + c.flush()


def gzip_member(data, level=6, flags=0, name=b"digits.idx", comment=b"seed", extra=b"xy\x02\x00ab"):
    head = bytearray(b"\x1f\x8b\x08") + bytes([flags]) + b"\x00\x00\x00\x00\x00\xff"
    if flags & 4:
        head += struct.pack("<H", len(extra)) + extra
    if flags & 8:
        head += name + b"\x00"
    if flags & 16:
        head += comment + b"\x00"
    if flags & 2:
        head += struct.pack("<H", zlib.crc32(bytes(head)) & 0xFFFF)
    return bytes(head) + raw_deflate(data, level) + struct.pack("<II", zlib.crc32(data),
                                                                len(data) & 0xFFFFFFFF)


def gzip_seeds(out):
    texts = [b"", b"a", b"hello hello hello hello", bytes(range(256)) * 4,
             bytes(rng.randrange(256) for _ in range(3000)), b"\x00" * 5000,
             csv_text([3, 1])[:2000], idx_images([7])]
    n = 0
    for t in texts:
        for level in (0, 1, 9):
            write(out, "gzip", "gz%d" % n, b"\x00" + gzip.compress(t, level, mtime=0))
            n += 1
    strategies = (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FIXED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE)
    for t in texts[1:5]:
        for s in strategies:
            write(out, "gzip", "raw%d" % n, b"\x01" + raw_deflate(t, 6, s))
            n += 1
    a, b = texts[2], texts[3]
    write(out, "gzip", "members", b"\x00" + gzip_member(a) + gzip_member(b, 9))
    write(out, "gzip", "padding", b"\x00" + gzip_member(a) + b"\x00" * 7)
    write(out, "gzip", "garbage", b"\x00" + gzip_member(a) + b"junk")
    write(out, "gzip", "cut", b"\x00" + gzip_member(b)[:-5])
    write(out, "gzip", "lone1f", b"\x00" + gzip_member(a) + b"\x1f")
    for flags in (2, 4, 8, 16, 30):
        write(out, "gzip", "flags%d" % flags, b"\x00" + gzip_member(a, 6, flags))
    write(out, "gzip", "limit", b"\x02" + gzip_member(b"\x00" * 5000, 9))
    write(out, "gzip", "limitraw", b"\x03" + raw_deflate(b"ab" * 3000, 9))


def idx_seeds(out):
    # Layout: u16 little-endian length of the images file, the images file, the labels file.
    def pair(images, labels):
        return struct.pack("<H", len(images)) + images + labels
    for n, labels in enumerate(([5], [0, 9], [1, 2, 3])):
        im, lb = idx_images(labels), idx_labels(labels)
        write(out, "idx", "raw%d" % n, pair(im, lb))
        write(out, "idx", "gz%d" % n, pair(gzip.compress(im, 9, mtime=0),
                                            gzip.compress(lb, 9, mtime=0)))
    write(out, "idx", "swapped", pair(idx_labels([1]), idx_images([1])))
    write(out, "idx", "badlabel", pair(idx_images([1]), idx_labels([12])))
    write(out, "idx", "short", pair(idx_images([1, 2])[:900], idx_labels([1, 2])))


def csv_seeds(out):
    write(out, "csv", "plain", csv_text([5, 0]))
    write(out, "csv", "header", csv_text([7], header=True))
    write(out, "csv", "crlf", csv_text([1, 2], eol="\r\n"))
    write(out, "csv", "spaces", csv_text([4], sep=", "))
    write(out, "csv", "bom", b"\xef\xbb\xbf" + csv_text([3]))
    write(out, "csv", "gz", gzip.compress(csv_text([8, 9]), 9, mtime=0))
    write(out, "csv", "noeol", csv_text([6])[:-1])
    write(out, "csv", "blank", csv_text([2]) + b"\n\n")
    write(out, "csv", "short", b"5,0,0,0\n")


def model_seeds(out):
    # Layout: a mode byte (bit 0: the target rewrites the CRC-32 so mutations get past it),
    # then the model file.
    for n, sizes in enumerate(([2, 3, 2], [1, 1], [4, 2, 3, 2], [5, 1, 5])):
        m = model_bytes(sizes, n)
        write(out, "model", "ok%d" % n, b"\x00" + m)
        write(out, "model", "fix%d" % n, b"\x01" + m)
    write(out, "model", "cut", b"\x00" + model_bytes([2, 2])[:30])
    # Version 2: the book's, biased ReLU/tanh/leaky-ReLU stacks with softmax-CE or mse, and every
    # optimizer and schedule, so mutations start from each kind the loader knows.
    v2 = [model_v2_bytes([2, 3, 2], 10),
          model_v2_bytes([3, 4, 3, 2], 11, hidden=3, loss=3, bias=1,
                         settings=(2, 99, 4, 0.001, 32, 3, 0.0001, 5, 1)),
          model_v2_bytes([2, 2, 2, 2, 2], 12, hidden=2, loss=2, bias=1,
                         settings=(3, 5, 2, 0.05, 4, 2, 0.5, 3, 0)),
          model_v2_bytes([4, 3], 13, loss=3, bias=1, settings=(1, 1, 3, 0.2, 1, 1, 0.0, 1, 1)),
          model_v2_bytes([1, 5, 1], 14, hidden=4, loss=1, bias=0)]
    for n, m in enumerate(v2):
        write(out, "model", "v2ok%d" % n, b"\x00" + m)
        write(out, "model", "v2fix%d" % n, b"\x01" + m)
    write(out, "model", "v2cut", b"\x00" + v2[1][:90])


def preprocess_seeds(out):
    # Layout (fuzz_preprocess.cpp): mode, threshold byte, u16 width, u16 height, pixels.
    def drawing(mode, threshold, w, h, pixels):
        return bytes([mode, threshold]) + struct.pack("<HH", w, h) + pixels
    for n, (w, h) in enumerate(((28, 28), (280, 280), (3, 40), (100, 7), (1, 1), (64, 200))):
        px = bytearray(w * h)
        for k in range(max(w, h) * 2):
            px[rng.randrange(len(px))] = rng.randrange(1, 256)
        write(out, "preprocess", "bytes%d" % n, drawing(0, 0, w, h, bytes(px)))
    px = struct.pack("<%df" % (28 * 28), *[rng.choice((0.0, 0.5, 1.0, 3.0, -1.0,
                                                       float("nan"), float("inf")))
                                           for _ in range(28 * 28)])
    write(out, "preprocess", "floats", drawing(1, 10, 28, 28, px))
    write(out, "preprocess", "empty", drawing(0, 0, 50, 50, b""))


def uploads_seeds(out):
    # Layout (fuzz_uploads.cpp): file count byte, split byte, then per file a name byte and a
    # u16 length (the last file takes the rest) and its bytes.
    def batch(split, files):
        b = bytes([len(files) - 1, split])
        for i, (name, data) in enumerate(files):
            b += bytes([name])
            if i + 1 < len(files):
                b += struct.pack("<H", len(data))
            b += data
        return b
    im, lb = idx_images([1, 2]), idx_labels([1, 2])
    write(out, "uploads", "csv", batch(1, [(0, csv_text([1, 2, 3]))]))
    write(out, "uploads", "twocsv", batch(2, [(0, csv_text([1, 2])), (1, csv_text([3]))]))
    write(out, "uploads", "pair", batch(2, [(2, im), (3, lb)]))
    write(out, "uploads", "halves", batch(1, [(2, im), (3, gzip.compress(lb, 9, mtime=0))]))
    write(out, "uploads", "model", batch(1, [(4, model_bytes([2, 3, 2]))]))
    write(out, "uploads", "model2", batch(1, [(4, model_v2_bytes([2, 3, 2], 1, hidden=3, loss=3,
                                                                   bias=1))]))
    write(out, "uploads", "mix", batch(3, [(4, model_bytes([1, 1])), (2, im), (3, lb)]))
    write(out, "uploads", "gzcsv", batch(1, [(6, gzip.compress(csv_text([4, 5]), 9, mtime=0))]))


def png(w, h, grey, empty_idat=False):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(grey[y * w:(y + 1) * w]) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
            (chunk(b"IDAT", b"") if empty_idat else b"") +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def bmp(w, h, grey):
    row = (w * 3 + 3) & ~3
    pixels = b"".join(b"".join(bytes([g, g, g]) for g in grey[y * w:(y + 1) * w]).ljust(row, b"\0")
                      for y in reversed(range(h)))
    head = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return head + info + pixels


def image_seeds(out):
    img = digit(3)
    write(out, "image", "png", png(28, 28, img))
    write(out, "image", "paper", png(28, 28, bytes(255 - b for b in img)))
    write(out, "image", "bmp", bmp(28, 28, img))
    write(out, "image", "tiny", png(1, 1, b"\x80"))
    # stb_image's memcpy to a null buffer (src/cli/png_reader.cpp), found by this target.
    write(out, "image", "emptyidat", png(28, 28, img, empty_idat=True))
    # A chunk declaring 1 GiB in a small file: stb_image allocated it before reading (found here).
    p = bytearray(png(28, 28, img))
    p[33] = 0x3f  # the IDAT's length field
    write(out, "image", "bigchunk", bytes(p))
    # An empty IDAT cut off in its CRC: stb_image's null memcpy again (found here).
    # A JPEG Huffman table with 378 codes: stb_image wrote past its arrays (found here).
    write(out, "image", "dht", bytes.fromhex("ffd8ffc4c1ff0000000049ff171b"))
    write(out, "image", "cutidat", png(28, 28, img)[:33] + b"\x00\x00\x00\x00IDATx\x00\x00")


def manifest_seeds(out):
    # The bundled models' manifest (src/core/data/model_manifest.h): what the build writes, and
    # near misses.
    good = (b"# digitlab's bundled models\n"
            b"book\tpretrained.dlm\t0.9753\tthe book's headline 784-200-10\n"
            b"strong\tstrong.dlm\t0.9847\t784-512-10 ReLU, softmax + cross-entropy\n")
    write(out, "manifest", "ok", good)
    write(out, "manifest", "crlf", good.replace(b"\n", b"\r\n"))
    write(out, "manifest", "cut", good[:70])
    write(out, "manifest", "twice", b"a\ta.dlm\t0.5\tx\na\tb.dlm\t0.5\ty\n")
    write(out, "manifest", "badnumber", b"a\ta.dlm\t1e-1\tx\n")


def codec_seeds(out):
    # The training protocol's messages (src/app/training_codec.h), each behind its mode byte.
    head = lambda kind: b"DLTP\x02" + bytes([kind])  # version 2 (training_codec.h)
    s32 = lambda text: struct.pack("<I", len(text)) + text
    write(out, "codec", "stop", b"\x00" + head(5))
    images = bytes(range(0, 250, 10)) * 2 + bytes([3, 7])  # two 5x5 images, labels 3 and 7
    dataset = b"\x01" + struct.pack("<IIQ", 5, 5, 2) + images
    write(out, "codec", "setdata", b"\x00" + head(1) + dataset + b"\x00")
    write(out, "codec", "start", b"\x00" + head(2) + struct.pack("<I", 4) +
          struct.pack("<Q", len(model_v2_bytes([4, 3, 2]))) + model_v2_bytes([4, 3, 2]))
    events = struct.pack("<I", 3) + b"\x02" + struct.pack("<IB", 1, 2) + s32(b"diverged")
    events += b"\x03" + struct.pack("<I", 0) + s32(b"no data") + b"\x04" + s32(b"main thread")
    write(out, "codec", "events", b"\x01" + head(16) + events)
    progress = struct.pack("<IQQiI", 1, 100, 1000, 0, 1) + struct.pack("<Qd", 50, 0.5)
    progress += struct.pack("<I", 0) + b"\x00" + struct.pack("<d", 0.25)  # testing, test seconds
    write(out, "codec", "progress", b"\x01" + head(16) + struct.pack("<I", 1) + b"\x01" + progress)
    snapshot = struct.pack("<IQi", 2, 64, 0) + struct.pack("<Q", 3) + struct.pack("<3f", 1, -2, 0.5)
    snapshot += struct.pack("<Q", 1) + struct.pack("<f", 0.25)
    write(out, "codec", "snapshot", b"\x02" + head(32) + snapshot)


def main():
    out = sys.argv[1]
    for make in (gzip_seeds, idx_seeds, csv_seeds, model_seeds, preprocess_seeds, uploads_seeds,
                 image_seeds, manifest_seeds, codec_seeds):
        make(out)


if __name__ == "__main__":
    main()
