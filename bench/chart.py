"""Draw the figures: throughput as a ratio to its baseline, against concurrency."""

from bench.report import RATIO_TARGETS

KIND_COLOURS = {
    "anonymous": "#4a7bb7",
    "static": "#2e8b57",
    "floor": "#7f7f7f",
    "signed in": "#c0392b",
}


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, (ratios, cpu) = plt.subplots(1, 2, figsize=(12, 4.5))
    markers = "osD^vP*X<>"
    for index, (name, page) in enumerate(results["pages"].items()):
        connections = [int(c) for c in page["connections"]]
        figures = list(page["connections"].values())
        medians = [f["ratio"] for f in figures]
        style = {
            "color": KIND_COLOURS.get(page["kind"], "grey"),
            "marker": markers[index % len(markers)],
        }
        ratios.errorbar(
            connections,
            medians,
            yerr=[
                [m - f["ratio_min"] for m, f in zip(medians, figures, strict=True)],
                [f["ratio_max"] - m for m, f in zip(medians, figures, strict=True)],
            ],
            label=name,
            capsize=3,
            **style,
        )
        cpu.plot(
            connections, [f["cpu_ms_per_request"] for f in figures], label=name, **style
        )
    for kind, target in RATIO_TARGETS.items():
        ratios.axhline(target, color=KIND_COLOURS[kind], linestyle="--", linewidth=0.8)
    for axes in (ratios, cpu):
        axes.set_xscale("log", base=2)
        axes.set_xticks(
            results["connections"], [str(c) for c in results["connections"]]
        )
        axes.set_xlabel("wrk connections")
    ratios.set_ylabel("requests/s as a ratio to the ceiling (signed in: the floor)")
    ratios.set_title("Throughput: median and range of the rounds (dashed: targets)")
    ratios.legend(fontsize="small")
    # Logarithmic: a rendered page costs tens of times a cached one.
    cpu.set_yscale("log")
    cpu.set_ylabel("server CPU per request (ms)")
    cpu.set_title("Server CPU per request")
    figure.suptitle(
        f"Default bake vs hello-world ceiling and signed-in floor, {results['date']}"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
