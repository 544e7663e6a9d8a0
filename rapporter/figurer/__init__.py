"""Figures of the report tables (docs/regler.md §3): what each figure shows (``modell``) and
its drawing as SVG for pages and PNG for the report book and downloads (``rita``)."""

import base64

from .modell import MINSTA_BAS_I_DIAGRAM, Figur, Serie, figur_for
from .rita import png, svg

FORMAT = {"svg": "image/svg+xml", "png": "image/png"}

__all__ = ["FORMAT", "MINSTA_BAS_I_DIAGRAM", "Figur", "Serie", "data_uri", "figur_for", "png", "rita", "svg"]


def rita(figur: Figur, format: str = "svg", *, dpi: int = 150) -> bytes:
    return svg(figur).encode() if format == "svg" else png(figur, dpi=dpi)


def data_uri(figur: Figur) -> str:
    """The SVG inside the page itself (img-src data: in the content security policy): the page
    draws its figures from the tables it has computed, no second request recomputes them."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(figur).encode()).decode()
