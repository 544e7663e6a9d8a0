"""Server-side charts (matplotlib, Agg) of a table, as SVG or PNG to paste into a report."""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (the backend is chosen first)

from .diagramspec import diagram_for  # noqa: E402

FARGER = ["#1d3d5c", "#e07b39", "#6a9f58", "#9c6ade", "#c94f4f", "#4fa3c9", "#b5a33f", "#7f7f7f"]
FORMAT = {"svg": "image/svg+xml", "png": "image/png"}


def har_diagram(tabell: dict) -> bool:
    return diagram_for(tabell) is not None and bool(tabell["rader"])


def rita(tabell: dict, *, format: str = "svg") -> bytes:
    """The figure of a table; masked values (None) are left out of the bars."""
    spec = diagram_for(tabell)
    if spec is None:
        raise ValueError(f"Rapporten {tabell['rapport']} har inget diagram.")
    rader = tabell["rader"]
    if spec.transponerad:
        kategorier = [tabell["kolumner"][j].removesuffix(" (%)") for j in spec.serier]
        serier = [(r["etikett"], [r["varden"][j] for j in spec.serier]) for r in rader]
    else:
        kategorier = [r.get("kortnamn") or r["etikett"] for r in rader]
        serier = [(tabell["kolumner"][j].removesuffix(" (%)"), [r["varden"][j] for r in rader]) for j in spec.serier]

    hojd = max(3.5, 0.35 * len(kategorier) + 1.5) if spec.typ == "bar" else 4.5
    figur = Figure(figsize=(8, hojd), layout="constrained")
    ax = figur.subplots()
    positioner = list(range(len(kategorier)))
    bredd = 0.8 if spec.staplad else 0.8 / max(1, len(serier))
    botten = [0.0] * len(kategorier)
    for s, (namn, varden) in enumerate(serier):
        tal = [float(v) if v is not None else 0.0 for v in varden]
        if spec.staplad:
            pos = positioner
        else:
            pos = [p - 0.4 + bredd * (s + 0.5) for p in positioner]
        farg = FARGER[s % len(FARGER)]
        if spec.typ == "bar":
            staplar = ax.barh(pos, tal, height=bredd, left=botten if spec.staplad else None, label=namn, color=farg)
        else:
            staplar = ax.bar(pos, tal, width=bredd, bottom=botten if spec.staplad else None, label=namn, color=farg)
        if not spec.staplad and len(serier) <= 4:
            etiketter = ["" if v is None else f"{v:g}".replace(".", ",") for v in varden]
            ax.bar_label(staplar, labels=etiketter, padding=2, fontsize=8)
        if spec.staplad:
            botten = [b + t for b, t in zip(botten, tal)]
    if spec.typ == "bar":
        ax.set_yticks(positioner, kategorier, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(spec.y_rubrik)
    else:
        ax.set_xticks(positioner, kategorier, fontsize=8, rotation=0 if len(kategorier) <= 6 else 30, ha="right" if len(kategorier) > 6 else "center")
        ax.set_ylabel(spec.y_rubrik)
    ax.spines[["top", "right"]].set_visible(False)
    if len(serier) > 1:
        # Below the axes, outside: stacked bars fill the whole width and would hide a legend inside.
        figur.legend(fontsize=8, frameon=False, loc="outside lower center", ncol=min(4, len(serier)))
    ax.set_title(f"{tabell['titel']} {tabell['fran']}–{tabell['till']}", fontsize=10)
    utdata = io.BytesIO()
    figur.savefig(utdata, format=format, dpi=150)
    return utdata.getvalue()
