"""Draw the figures: throughput as ratios to the ceiling, and latency."""

from bench.report import TARGETS


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    names = list(results["pages"])
    ratios = [results["pages"][name]["ratio"] for name in names]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    bars = left.bar(names, ratios, color="#4a7bb7")
    left.bar_label(bars, fmt="%.2f")
    for index, name in enumerate(names):
        if name in TARGETS:
            left.hlines(TARGETS[name], index - 0.4, index + 0.4, colors="#c0392b")
    left.set_ylabel("requests/s as a ratio to the ceiling")
    left.set_title("Throughput (red: target)")

    labels = ["ceiling", *names]
    p50 = [results["ceiling"]["p50_ms"]] + [
        results["pages"][n]["p50_ms"] for n in names
    ]
    p99 = [results["ceiling"]["p99_ms"]] + [
        results["pages"][n]["p99_ms"] for n in names
    ]
    positions = range(len(labels))
    right.bar([p - 0.2 for p in positions], p50, width=0.4, label="p50")
    right.bar([p + 0.2 for p in positions], p99, width=0.4, label="p99")
    right.set_xticks(list(positions), labels)
    right.set_ylabel("latency (ms)")
    right.set_title("Latency")
    right.legend()
    figure.suptitle(f"Default bake vs hello-world ceiling, {results['date']}")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
