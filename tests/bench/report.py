"""Collects a benchmark run (tests/bench/run.sh) into results.json, a Markdown table and a plot.

    report.py RAW_DIR OUT_DIR [--runs N] [--quick 0|1] [--command "..."]

RAW_DIR holds what run.sh left: bandwidth.json, kernel_levels.json (if the book ran), load.txt,
and per implementation and run <name>[-train|-eval].<run>.out (its stdout) and .time (peak RSS
in KB). With several runs the median of each speed is reported (the machine is shared; the
median ignores one disturbed run) and the largest peak memory. It prints the targets of issue 4
as ratios measured in this run; it does not pass or fail anything.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

# Row order and labels. "kind" colours the plot: digitlab's own rows against the references.
IMPLEMENTATIONS = [
    ("native", "digitlab native (x86-64 build; vector level chosen at run time)", "digitlab"),
    ("native-sse2", "digitlab native, 4-float vectors (DIGITLAB_SIMD=sse2)", "digitlab"),
    ("native-avx512", "digitlab native, 16-float vectors (DIGITLAB_SIMD=avx512)", "digitlab"),
    ("native-arch", "digitlab native, -march=native", "digitlab"),
    ("wasm-node", "digitlab WebAssembly in Node", "digitlab"),
    ("page", "digitlab WebAssembly in the page (Chromium)", "digitlab"),
    ("numpy-book", "NumPy, the book's code (float64)", "reference"),
    ("torch-autograd", "PyTorch autograd SGD (float32)", "reference"),
    ("torch-book", "PyTorch, book's rule, mv + outer", "reference"),
    ("torch-book-addr", "PyTorch, book's rule, mv + addr_", "reference"),
]
TORCH = ("torch-autograd", "torch-book", "torch-book-addr")
# Issue 9's workload, its own table: one epoch of 784-800-10 ReLU + softmax-CE, Adam 0.001,
# batch 32, biases, He init, shuffled (tests/bench/modern_bench.cpp, torch_modern.py).
MODERN = [
    ("native-modern", "digitlab native (batch engine; vector level chosen at run time)", "digitlab"),
    ("wasm-modern", "digitlab WebAssembly in Node", "digitlab"),
    ("torch-modern", "PyTorch: nn.Linear, CrossEntropyLoss, optim.Adam (float32)", "reference"),
]


def read(path):
    with open(path) as f:
        return f.read()


def last_json(text):
    """The last line of text that parses as a JSON object, or None."""
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def peak_mb(stem):
    path = stem + ".time"
    if not os.path.exists(path):
        return None
    # /usr/bin/time -o writes "Command exited with non-zero status" first if the command failed.
    numbers = re.findall(r"^(\d+)$", read(path), re.M)
    return int(numbers[-1]) / 1024 if numbers else None


def parse_cli(raw, name, run):
    """digitlab's CLI (native or Node): speeds from its own timing lines."""
    train = read(f"{raw}/{name}-train.{run}.out")
    evaluation = read(f"{raw}/{name}-eval.{run}.out")
    m = re.search(r"^trained (\d+) samples in ([\d.]+) s \((\d+) samples/s\)", train, re.M)
    q = re.search(r"^classified (\d+) images in ([\d.]+) s \((\d+) images/s\)", evaluation, re.M)
    a = re.search(r"^test_accuracy=([\d.]+)\s*$", evaluation.strip().splitlines()[-1])
    if not (m and q and a):
        sys.exit(f"report: cannot read {name} run {run}'s output in {raw}")
    peaks = [p for p in (peak_mb(f"{raw}/{name}-train.{run}"), peak_mb(f"{raw}/{name}-eval.{run}"))
             if p is not None]
    return {
        "samples": int(m.group(1)), "samples_per_s": float(m.group(3)),
        "queries": int(q.group(1)), "queries_per_s": float(q.group(3)),
        "accuracy": float(a.group(1)), "peak_mb": max(peaks) if peaks else None,
    }


def flatten(obj, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}, numbers only."""
    out = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = v
    return out


def pick(flat, pattern, exclude=None):
    """The first value whose key (lower case, letters and digits and dots only) matches."""
    for key, value in flat.items():
        k = re.sub(r"[^a-z0-9.]", "", key.lower())
        if re.search(pattern, k) and not (exclude and re.search(exclude, k)):
            return value
    return None


def get(data, path):
    """data["a"]["b"] for path "a.b", or None."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data if isinstance(data, (int, float)) and not isinstance(data, bool) else None


def parse_page(raw, run):
    """page_bench.mjs's JSON: its names (as of its first version) first, then any key that looks
    like the same figure, so a renamed field still lands in the table."""
    path = f"{raw}/page.{run}.out"
    data = last_json(read(path)) if os.path.exists(path) else None
    if data is None:
        return None
    flat = flatten(data)

    def find(path_, pattern):
        value = get(data, path_)
        return value if value is not None else pick(flat, pattern, exclude=r"native")

    return {
        "samples_per_s": find("train.samplesPerSecond", r"samples?(per|/)s"),
        # The page answers drawn digits, not the test set: no queries/s of its own. Its test
        # accuracy is read mid-epoch, after BENCH_SECONDS of training: not comparable either.
        "queries_per_s": None,
        "accuracy": None,
        "partial_test_accuracy": get(data, "train.testAccuracy"),
        "peak_mb": None,
        "drawn_query_ms": find("query.ms", r"(drawn|draw|query|latency).*ms"),
        "drawn_forward_ms": get(data, "query.forwardMs"),
        "native_drawn_query_ms": get(data, "native.query.queryMs")
        if get(data, "native.query.queryMs") is not None
        else pick(flat, r"native.*(query|latency).*ms"),
        "first_frame_ms": find("firstFrame.ms", r"first.*frame"),
        "max_frame_ms": find("train.frameMsMax", r"(max|longest|worst).*frame.*ms"),
        "max_frame_gap_ms": get(data, "train.gapMsMax"),
        "frame_gaps_over_50ms": get(data, "train.gapsOver50ms"),
        "raw": data,
    }


def parse_run(raw, name, run):
    if name in ("native", "native-sse2", "native-avx512", "native-arch", "wasm-node"):
        return parse_cli(raw, name, run) if os.path.exists(f"{raw}/{name}-train.{run}.out") else None
    if name == "page":
        return parse_page(raw, run)
    path = f"{raw}/{name}.{run}.out"
    if not os.path.exists(path):
        return None
    data = last_json(read(path))
    if data is None:
        sys.exit(f"report: no JSON line in {path}")
    data["peak_mb"] = peak_mb(f"{raw}/{name}.{run}")
    return data


def combine(runs):
    """Median speeds over the runs, the largest peak memory, the rest from the first run."""
    runs = [r for r in runs if r]
    if not runs:
        return None
    row = dict(runs[0])
    for key in ("samples_per_s", "queries_per_s", "drawn_query_ms", "drawn_forward_ms",
                "native_drawn_query_ms", "first_frame_ms", "max_frame_ms", "max_frame_gap_ms"):
        values = [r[key] for r in runs if r.get(key) is not None]
        row[key] = statistics.median(values) if values else None
    peaks = [r["peak_mb"] for r in runs if r.get("peak_mb") is not None]
    row["peak_mb"] = max(peaks) if peaks else None
    row["runs"] = len(runs)
    if len(runs) > 1:
        row["samples_per_s_each_run"] = [r.get("samples_per_s") for r in runs]
        # The mean accuracy: the book's rows repeat one seed (the same figure each run), the
        # modern rows take the run's number as their seed (run.sh), a spread of ~0.5 points.
        accuracies = [r["accuracy"] for r in runs if r.get("accuracy") is not None]
        if accuracies:
            row["accuracy_each_run"] = accuracies
            row["accuracy"] = statistics.mean(accuracies)
    return row


def machine():
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""
    cpu = re.search(r"^Model name:\s*(.+)$", run("lscpu"), re.M)
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    return {
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "shared": "yes: other jobs may run on the same cores (see load)",
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(),
        "gxx": run("g++", "-dumpfullversion").strip(),
        "emcc": (run("emcc", "--version").splitlines() or [""])[0],
        "node": run("node", "--version").strip(),
        "python": platform.python_version(),
        "numpy_blas": blas,
    }


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    return a / b if a and b else None


def targets(rows, bandwidth):
    """Issue 4's targets as ratios from this run: (text, measured, goal, met) tuples."""
    native = rows.get("native", {}).get("samples_per_s")
    out = []
    numpy_rate = rows.get("numpy-book", {}).get("samples_per_s")
    if native and numpy_rate:
        r = native / numpy_rate
        out.append(("native training ≥ 20× NumPy (book style)", f"{r:.1f}×", "20×", r >= 20))
    torch_rows = [(rows[n]["samples_per_s"], n) for n in TORCH if rows.get(n)]
    if native and torch_rows:
        best, best_name = max(torch_rows)
        r = native / best
        out.append((f"native training ≥ 10× PyTorch's fastest per-sample variant ({best_name})",
                    f"{r:.1f}×", "10×", r >= 10))
    for name, where in (("wasm-node", "in Node"), ("page", "in the page")):
        rate = (rows.get(name) or {}).get("samples_per_s")
        if native and rate:
            r = rate / native
            out.append((f"WebAssembly training {where} ≥ 0.6× native", f"{r:.2f}×", "0.6×",
                        r >= 0.6))
            # For reference: against native on WebAssembly's own vector width (4 floats).
            sse2 = (rows.get("native-sse2") or {}).get("samples_per_s")
            if sse2:
                out.append((f"WebAssembly training {where} ÷ native on 4-float vectors",
                            f"{rate / sse2:.2f}×", "none, for reference", None))
    drawn = (rows.get("page") or {}).get("drawn_query_ms")
    if drawn is not None:
        out.append(("a drawn-digit query in the page < 1 ms", f"{drawn:.2f} ms", "1 ms", drawn < 1))
    bound = bandwidth.get("l2", {}).get("naive_max_samples_per_s")
    if native and bound:
        out.append(("native training ÷ the naive algorithm's memory-bandwidth bound (L2)",
                    f"{native / bound:.2f}×", "none, for reference", None))
    # Issue 13's: the portable build as fast as one compiled for this CPU, the epoch's rate,
    # and how near it comes to the sparse algorithm's own bound.
    arch = (rows.get("native-arch") or {}).get("samples_per_s")
    if native and arch:
        r = native / arch
        out.append(("the default build ≥ 0.95× the -march=native build", f"{r:.2f}×", "0.95×",
                    r >= 0.95))
    if native:
        out.append(("native training ≥ 300,000 samples/s", f"{native:,.0f}", "300,000",
                    native >= 300000))
    sparse = bandwidth.get("l2", {}).get("sparse_max_samples_per_s")
    if native and sparse:
        r = sparse / native
        out.append(("native training within 1.5× of the sparse algorithm's bound (L2)",
                    f"{r:.2f}× below it", "1.5×", r <= 1.5))
    fused = bandwidth.get("l2", {}).get("sparse_fused_max_samples_per_s")
    if native and fused:
        out.append(("native training ÷ the sparse bound with the fused sweep's shared rows free "
                    "(bandwidth.cpp)", f"{native / fused:.2f}×", "none, for reference", None))
    return out


def modern_targets(rows):
    """Issue 9's targets as ratios from this run, with each run's own ratio when there are
    several (the medians of two rows may come from different runs)."""
    native, wasm, torch = (rows.get(n) or {} for n in ("native-modern", "wasm-modern",
                                                        "torch-modern"))
    out = []

    def each(a, b):
        xs, ys = a.get("samples_per_s_each_run"), b.get("samples_per_s_each_run")
        if xs and ys and len(xs) == len(ys):
            return " (per run: " + ", ".join(f"{x / y:.2f}" for x, y in zip(xs, ys) if x and y) + ")"
        return ""

    r = ratio(native.get("samples_per_s"), torch.get("samples_per_s"))
    if r:
        out.append(("native training ≥ 1.5× PyTorch (one thread)", f"{r:.2f}×" + each(native, torch),
                    "1.5×", r >= 1.5))
    r = ratio(wasm.get("samples_per_s"), native.get("samples_per_s"))
    if r:
        out.append(("WebAssembly training in Node ≥ 0.5× native", f"{r:.2f}×" + each(wasm, native),
                    "0.5×", r >= 0.5))
    if native.get("accuracy") is not None and torch.get("accuracy") is not None:
        gap = 100 * (native["accuracy"] - torch["accuracy"])
        seeds = native.get("runs", 1)
        out.append((f"digitlab's test accuracy within 0.5 points of PyTorch's (mean over seeds "
                    f"1..{seeds})" if seeds > 1 else "digitlab's test accuracy within 0.5 points "
                    "of PyTorch's (one seed)", f"{gap:+.2f} points", "±0.5", abs(gap) <= 0.5))
    return out


def modern_markdown(result):
    rows = result["rows"]
    native = rows.get("native-modern") or {}
    torch = rows.get("torch-modern") or {}
    lines = [
        "| implementation | train samples/s | test accuracy | mean training loss | peak MB "
        "| train × PyTorch | train × native |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, label, _ in MODERN:
        row = rows.get(name)
        if not row:
            continue
        lines.append(
            f"| {label} | {fmt(row.get('samples_per_s'))} | {fmt(row.get('accuracy'), 4)} | "
            f"{fmt(row.get('mean_loss'), 4)} | {fmt(row.get('peak_mb'))} | "
            f"{fmt(ratio(row.get('samples_per_s'), torch.get('samples_per_s')), 2)} | "
            f"{fmt(ratio(row.get('samples_per_s'), native.get('samples_per_s')), 2)} |")
    for name, label, _ in MODERN:
        each = (rows.get(name) or {}).get("accuracy_each_run")
        if each:
            lines.append(f"\n{label}: test accuracy by seed " + ", ".join(f"{a:.4f}" for a in each))
    lines.append("")
    for text, measured, goal, met in result["modern_targets"]:
        verdict = "" if met is None else (" — **met**" if met else " — **not met**")
        lines.append(f"- {text}: {measured} (goal {goal}){verdict}")
    return "\n".join(lines)


def levels_markdown(levels):
    """kernel_levels.cpp's figures: µs per call, each kernel on each vector level."""
    names = levels["levels"]
    lines = [f"Each kernel on each vector level, µs per call (kernel_levels.cpp; the default "
             f"here: {levels['preferred']}):", "",
             "| kernel | " + " | ".join(names) + " | fastest |",
             "|---|" + "--:|" * len(names) + "---|"]
    for kernel, times in levels["kernels"].items():
        fastest = min(names, key=lambda n: times[n])
        lines.append(f"| {kernel} | " + " | ".join(f"{times[n]:.3f}" for n in names)
                     + f" | {fastest} |")
    return "\n".join(lines)


def markdown(result):
    rows, native = result["rows"], result["rows"].get("native", {})
    lines = [
        "| implementation | train samples/s | test queries/s | test accuracy | peak MB "
        "| train × native | queries × native |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, label, _ in IMPLEMENTATIONS:
        row = rows.get(name)
        if not row:
            continue
        lines.append(
            f"| {label} | {fmt(row.get('samples_per_s'))} | {fmt(row.get('queries_per_s'))} | "
            f"{fmt(row.get('accuracy'), 4)} | {fmt(row.get('peak_mb'))} | "
            f"{fmt(ratio(row.get('samples_per_s'), native.get('samples_per_s')), 2)} | "
            f"{fmt(ratio(row.get('queries_per_s'), native.get('queries_per_s')), 2)} |")
    bw = result["bandwidth"].get("l2", {})
    if bw:
        lines.append(
            f"| *memory-bandwidth bound, naive algorithm (L2: read {bw['read_gb_s']} GB/s, "
            f"update {bw['update_gb_s']} GB/s)* | {fmt(bw['naive_max_samples_per_s'])} | "
            f"{fmt(bw['max_queries_per_s'])} | | | "
            f"{fmt(ratio(bw['naive_max_samples_per_s'], native.get('samples_per_s')), 2)} | "
            f"{fmt(ratio(bw['max_queries_per_s'], native.get('queries_per_s')), 2)} |")
    if bw.get("sparse_max_samples_per_s"):
        nnz = result["bandwidth"].get("mean_nonzero_pixels")
        lines.append(
            f"| *memory-bandwidth bound, sparse algorithm (L2; the rows of {fmt(nnz, 1)} non-zero "
            f"pixels a sample on average: read, then read + written)* | "
            f"{fmt(bw['sparse_max_samples_per_s'])} | | | | "
            f"{fmt(ratio(bw['sparse_max_samples_per_s'], native.get('samples_per_s')), 2)} | |")
    lines.append("")
    for text, measured, goal, met in result["targets"]:
        verdict = "" if met is None else (" — **met**" if met else " — **not met**")
        lines.append(f"- {text}: {measured} (goal {goal}){verdict}")
    latency = []
    page = rows.get("page") or {}
    if page.get("native_drawn_query_ms") is not None:
        latency.append(f"native {page['native_drawn_query_ms']:.3f} ms")
    if page.get("drawn_query_ms") is not None:
        latency.append(f"in the page {page['drawn_query_ms']:.3f} ms")
    if latency:
        lines.append("- one drawn-digit query (preprocessing + forward): " + ", ".join(latency))
    if page.get("first_frame_ms") is not None:
        lines.append(f"- the page's time to first frame: {page['first_frame_ms']:.0f} ms")
    if page.get("max_frame_ms") is not None:
        gap = page.get("max_frame_gap_ms")
        lines.append(f"- while training in the page: longest app frame {page['max_frame_ms']:.1f} ms"
                     + (f", longest gap between animation frames {gap:.1f} ms" if gap else ""))
    return "\n".join(lines)


def plot(result, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows, native = result["rows"], result["rows"].get("native", {})
    shown = [(label, kind, rows[name]) for name, label, kind in IMPLEMENTATIONS if rows.get(name)]
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.42 * len(shown) + 2.1), sharey=True)
    colours = {"digitlab": "#2b6cb0", "reference": "#a0a0a0"}
    bw = result["bandwidth"].get("l2", {})
    for ax, key, title, bound, bound_label in (
        (axes[0], "samples_per_s", "training, samples/s", bw.get("naive_max_samples_per_s"),
         "memory-bandwidth bound of the naive\nalgorithm (W1 read, read + written; L2)"),
        (axes[1], "queries_per_s", "test queries/s", bw.get("max_queries_per_s"),
         "memory-bandwidth bound\n(W1 read once per query; L2)"),
    ):
        ys = list(range(len(shown)))[::-1]
        for y, (label, kind, row) in zip(ys, shown):
            value = row.get(key)
            if not value:
                continue
            ax.barh(y, value, color=colours[kind], height=0.65)
            r = ratio(value, native.get(key))
            ax.text(value * 1.08, y, f"{value:,.0f}  ({r:.2f}×)" if r else f"{value:,.0f}",
                    va="center", fontsize=8, zorder=3,
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.5))
        if bound:
            ax.axvline(bound, color="#c53030", linestyle="--", linewidth=1, label=bound_label,
                       zorder=1)
            ax.legend(loc="lower right", fontsize=7, framealpha=0.9)
        ax.set_ylim(-1.7, len(shown) - 0.4)  # room under the bars for the legend
        ax.set_xscale("log")
        values = [r.get(key) for _, _, r in shown if r.get(key)] + ([bound] if bound else [])
        ax.set_xlim(min(values) / 2, max(values) * 12)
        ax.set_title(title + " (log scale; × digitlab native)", fontsize=10)
        ax.grid(axis="x", which="major", alpha=0.3)
        ax.set_yticks(ys)
        ax.set_yticklabels([label for label, _, _ in shown], fontsize=9)
    m = result["machine"]
    workload = "QUICK trial: 6,000 / 2,000 images" if result["quick"] else "1 epoch of MNIST"
    fig.suptitle(
        f"784-200-10, {workload}, per-sample SGD, one thread — {m['cpu']}, "
        f"{m['cores']} cores (shared), {result['date'][:10]}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("raw")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--quick", type=int, default=0)
    p.add_argument("--command", default="tests/bench/run.sh")
    args = p.parse_args()

    rows = {}
    for name, _, _ in IMPLEMENTATIONS + MODERN:
        row = combine([parse_run(args.raw, name, run) for run in range(1, args.runs + 1)])
        if row:
            rows[name] = row
    if "native" not in rows and "native-modern" not in rows:
        sys.exit("report: no digitlab native run found: nothing to compare against")
    bandwidth = json.loads(read(f"{args.raw}/bandwidth.json"))
    load = read(f"{args.raw}/load.txt").strip().splitlines()
    result = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": args.command,
        "quick": bool(args.quick),
        "workload": "784-200-10 sigmoid, lr 0.1, seed 1, 1 epoch per-sample SGD in file order "
                    "over the 60,000 MNIST training images, then 10,000 test queries one at a time"
                    + (" (QUICK: 6,000 / 2,000 images)" if args.quick else ""),
        "threads": "1 everywhere: digitlab and WASM single-threaded; NumPy with "
                   "OPENBLAS_NUM_THREADS=1; PyTorch with torch.set_num_threads(1)",
        "runs": args.runs,
        "machine": machine(),
        "load": load,
        "bandwidth": bandwidth,
        "rows": rows,
    }
    result["targets"] = targets(rows, bandwidth)
    levels_path = f"{args.raw}/kernel_levels.json"
    if os.path.exists(levels_path):
        result["kernel_levels"] = json.loads(read(levels_path))
    result["modern_workload"] = ("784-800-10 ReLU + softmax-CE, biases, He init, Adam lr 0.001, "
                                 "batch 32, shuffled, 1 epoch over the 60,000 MNIST training "
                                 "images, then the 10,000 test images; seed = the run's number"
                                 + (" (QUICK: 6,000 / 2,000 images)" if args.quick else ""))
    result["modern_targets"] = modern_targets(rows)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
    tables = []
    if "native" in rows:
        tables.append("Book, per sample (" + result["workload"] + "):\n\n" + markdown(result))
    if "kernel_levels" in result:
        tables.append(levels_markdown(result["kernel_levels"]))
    if any(name in rows for name, _, _ in MODERN):
        tables.append("Modern, mini-batches (" + result["modern_workload"] + "):\n\n"
                      + modern_markdown(result))
    table = "\n\n".join(tables)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(table + "\n")
    if "native" in rows:
        plot(result, os.path.join(args.out, "speed.png"))
    m = result["machine"]
    print(f"{result['date']} — {m['cpu']}, {m['cores']} cores, shared; {result['threads']}")
    print(f"command: {args.command}; {args.runs} run(s), median shown")
    for line in load:
        print(line)
    print()
    print(table)
    print()
    plotted = f", plot: {args.out}/speed.png" if "native" in rows else ""
    print(f"results: {args.out}/results.json{plotted}")


if __name__ == "__main__":
    main()
