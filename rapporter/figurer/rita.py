"""Drawing a figure: one layout in points, written as SVG (pages) or PNG (report book, files).

Own drawing rather than a plotting library: a report page draws some fifteen figures in the
same request, and a bar chart here takes about a millisecond where matplotlib took 150 ms
(bench/reports.py measures the page). Text is measured with the Liberation Sans metrics (the
same widths as Arial, which pages and Word fall back to), shipped with the code.
"""

import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from ..visning import MASKERAT, SMALT_MELLANRUM, antal, decimal
from .modell import Figur

TYPSNITT = Path(__file__).resolve().parent / "typsnitt"
FAMILJ = "Liberation Sans, Arial, Helvetica, sans-serif"
FARGER = ["#1f4e79", "#d9822b", "#5b9a4a", "#8e6bbf", "#c0504d", "#3f9fc4", "#a39a3a", "#7f7f7f"]
GRA, LJUSGRA, TEXT = "#8c8c8c", "#d9d9d9", "#222222"
BREDD = 480.0  # points: 17 cm, the text width of an A4 page with normal margins
TEXTSTORLEK, ETIKETTSTORLEK = 9.0, 8.0


@dataclass
class Ruta:
    x: float
    y: float
    b: float
    h: float
    farg: str


@dataclass
class Linje:
    x1: float
    y1: float
    x2: float
    y2: float
    farg: str
    bredd: float = 0.75


@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    storlek: float = TEXTSTORLEK
    ankare: str = "start"  # start | middle | end
    farg: str = TEXT
    fet: bool = False


@functools.cache
def _typsnitt(storlek: float, fet: bool = False) -> ImageFont.FreeTypeFont:
    namn = "LiberationSans-Bold.ttf" if fet else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(TYPSNITT / namn), size=max(1, round(storlek * 4)))


def bredd(text: str, storlek: float = TEXTSTORLEK, fet: bool = False) -> float:
    return _typsnitt(storlek, fet).getlength(text) / 4


def radbryt(text: str, maxbredd: float, storlek: float = TEXTSTORLEK, rader: int = 3) -> list[str]:
    """Lines of at most maxbredd, broken at spaces and after slashes; the last line shortened
    with an ellipsis when more would be needed."""
    ord_ = text.replace("/", "/\u200b").split()
    ord_ = [d for o in ord_ for d in o.split("\u200b") if d]
    resultat: list[str] = []
    rad = ""
    for o in ord_:
        forsok = f"{rad}{'' if rad.endswith('/') or not rad else ' '}{o}"
        if rad and bredd(forsok, storlek) > maxbredd:
            resultat.append(rad)
            rad = o
        else:
            rad = forsok
    if rad:
        resultat.append(rad)
    if len(resultat) > rader:
        resultat = resultat[:rader]
        while resultat[-1] and bredd(resultat[-1] + "…", storlek) > maxbredd:
            resultat[-1] = resultat[-1][:-1]
        resultat[-1] += "…"
    return resultat or [""]


def varde_text(varde: float, andel: bool) -> str:
    if andel:
        return f"{decimal(varde)}{SMALT_MELLANRUM}%"
    return antal(int(varde)) if float(varde).is_integer() else decimal(varde)


def _skala(maxvarde: float, andel: bool, staplad: bool) -> tuple[float, float]:
    """(axis maximum, tick step): whole numbers for counts, at most 100 % for shares."""
    if andel and staplad:
        return 100.0, 20.0
    maxvarde = max(maxvarde, 1.0)
    exponent = 10 ** math.floor(math.log10(maxvarde / 5)) if maxvarde >= 5 else 1
    for faktor in (1, 2, 5, 10):
        steg = max(1, faktor * exponent)
        if maxvarde / steg <= 6:
            break
    topp = math.ceil(maxvarde / steg) * steg
    if andel:
        topp = min(topp, 100.0)
    return float(topp), float(steg)


def layout(figur: Figur) -> tuple[float, float, list]:
    """(width, height, shapes) of the figure, in points."""
    return (_liggande if figur.typ == "liggande" else _stapel)(figur)


def _legend(figur: Figur, y: float, x0: float = 8.0) -> tuple[float, list]:
    namn = [s.namn for s in figur.serier] if (len(figur.serier) > 1 or figur.staplad) else []
    if figur.har_maskerade:
        namn_maskerat = _("%(tecken)s = visas inte (för få)") % {"tecken": MASKERAT}
    else:
        namn_maskerat = None
    if not namn and not namn_maskerat:
        return y, []
    former: list = []
    x, rad_y = x0, y + 10
    for i, n in enumerate(namn):
        b = 12 + bredd(n) + 14
        if x + b > BREDD - 8 and x > x0:
            x, rad_y = x0, rad_y + 14
        former.append(Ruta(x, rad_y - 8, 8, 8, FARGER[i % len(FARGER)]))
        former.append(Text(x + 12, rad_y, n))
        x += b
    if namn_maskerat:
        b = bredd(namn_maskerat)
        if x + b > BREDD - 8 and x > x0:
            x, rad_y = x0, rad_y + 14
        former.append(Text(x, rad_y, namn_maskerat, farg=GRA))
    return rad_y + 6, former


def _liggande(figur: Figur) -> tuple[float, float, list]:
    former: list = []
    n = len(figur.serier) if not figur.staplad else 1
    tjocklek = 16.0 if figur.staplad else (10.0 if n > 1 else 13.0)
    etiketter = [radbryt(k, 150) for k in figur.kategorier]
    vanster = 8 + max((bredd(r) for rader in etiketter for r in rader), default=0) + 8
    hoger = 8 if figur.staplad else 44
    plottbredd = BREDD - vanster - hoger
    kategorihojder = [max(n * tjocklek, 11.0 * len(r)) + 8 for r in etiketter]
    topp_y = 6.0
    plotthojd = sum(kategorihojder)
    varden = [v for s in figur.serier for v in s.varden if v is not None]
    topp, steg = _skala(max(varden, default=0), figur.andel, figur.staplad)

    def x_for(v: float) -> float:
        # Shares and counts of people are never below 0; should one be, it is drawn at the
        # axis (its label says the value) rather than to the left of the figure.
        return vanster + plottbredd * max(0.0, min(v, topp)) / topp

    ticks = [steg * i for i in range(int(topp / steg) + 1)]
    for t in ticks:
        former.append(Linje(x_for(t), topp_y, x_for(t), topp_y + plotthojd, LJUSGRA))
        text = decimal(t, 0) if figur.andel else antal(int(t))
        former.append(Text(x_for(t), topp_y + plotthojd + 11, text, ETIKETTSTORLEK, "middle", GRA))
    y = topp_y
    for k, (rader, hojd) in enumerate(zip(etiketter, kategorihojder)):
        mitt = y + hojd / 2
        for r, text in enumerate(rader):
            former.append(Text(vanster - 6, mitt + 3.2 + (r - (len(rader) - 1) / 2) * 11, text, ankare="end"))
        if figur.staplad:
            _staplad_stapel(figur, k, mitt - tjocklek / 2, tjocklek, x_for, former, liggande=True)
        else:
            start = mitt - n * tjocklek / 2
            for s, serie in enumerate(figur.serier):
                y0 = start + s * tjocklek
                v, maskerad = serie.varden[k], serie.maskerade[k]
                if maskerad:
                    former.append(Text(vanster + 3, y0 + tjocklek - 2.5, MASKERAT, ETIKETTSTORLEK, farg=GRA))
                elif v is not None:
                    former.append(Ruta(vanster, y0 + 0.5, x_for(v) - vanster, tjocklek - 1, FARGER[s % len(FARGER)]))
                    former.append(Text(x_for(v) + 3, y0 + tjocklek - 2.5, varde_text(v, figur.andel), ETIKETTSTORLEK))
        y += hojd
    former.append(Linje(vanster, topp_y, vanster, topp_y + plotthojd, TEXT))
    y = topp_y + plotthojd + 14
    if figur.axelrubrik:
        former.append(Text(vanster + plottbredd / 2, y + 10, figur.axelrubrik, ankare="middle"))
        y += 12
    y, legend = _legend(figur, y + 4)
    former += legend
    return BREDD, y + 6, former


def _staplad_stapel(figur: Figur, k: int, start: float, tjocklek: float, pos_for, former: list, *, liggande: bool) -> None:
    """One 100 % bar: the shown segments in order, then the masked ones together in grey
    (their sum is 100 % less the shown ones, which a reader can compute anyway)."""
    position = 0.0
    maskerat = False
    for s, serie in enumerate(figur.serier):
        v = serie.varden[k]
        if serie.maskerade[k]:
            maskerat = True
            continue
        if not v:
            continue
        a, b = pos_for(position), pos_for(position + v)
        former.append(Ruta(a, start + 0.5, b - a, tjocklek - 1, FARGER[s % len(FARGER)]))
        text = varde_text(v, True) if v >= 10 else decimal(v, 0)
        if b - a >= bredd(text, ETIKETTSTORLEK) + 4:
            former.append(Text((a + b) / 2, start + tjocklek / 2 + 3, text, ETIKETTSTORLEK, "middle", "#ffffff"))
        position += v
    if maskerat and position < 100:
        a, b = pos_for(position), pos_for(100.0)
        former.append(Ruta(a, start + 0.5, b - a, tjocklek - 1, LJUSGRA))
        former.append(Text((a + b) / 2, start + tjocklek / 2 + 3, MASKERAT, ETIKETTSTORLEK, "middle", TEXT))


def _stapel(figur: Figur) -> tuple[float, float, list]:
    former: list = []
    n = len(figur.serier)
    varden = [v for s in figur.serier for v in s.varden if v is not None]
    # A negative value gets an axis below 0 (whole ticks, the same step), so that its bar goes
    # down inside the figure instead of off the image.
    minsta = min(min(varden, default=0), 0)
    topp, steg = _skala(max(varden, default=0) - minsta, figur.andel, figur.staplad)
    botten = math.floor(minsta / steg) * steg
    topp = max(math.ceil(max(max(varden, default=0), 0) / steg) * steg, steg) if minsta < 0 else topp
    ticks = [botten + steg * i for i in range(round((topp - botten) / steg) + 1)]
    tick_text = [decimal(t, 0) if figur.andel else antal(int(t)) for t in ticks]
    vanster = 10 + max(bredd(t, ETIKETTSTORLEK) for t in tick_text) + 6
    plottbredd = BREDD - vanster - 8
    topp_y = 22.0 if figur.axelrubrik else 8.0
    plotthojd = 170.0
    if figur.axelrubrik:
        former.append(Text(vanster - 4, 12, figur.axelrubrik, ETIKETTSTORLEK + 0.5, farg=GRA))
    kategoribredd = plottbredd / max(1, len(figur.kategorier))

    def y_for(v: float) -> float:
        return topp_y + plotthojd * (topp - max(botten, min(v, topp))) / (topp - botten)

    for t, text in zip(ticks, tick_text):
        former.append(Linje(vanster, y_for(t), vanster + plottbredd, y_for(t), LJUSGRA))
        former.append(Text(vanster - 4, y_for(t) + 3, text, ETIKETTSTORLEK, "end", GRA))
    grupp = kategoribredd * (0.72 if n > 1 else 0.55)
    stapelbredd = grupp / max(1, n)
    etikettrader = 1
    under = 10.0 if botten < 0 else 0.0  # room for the label under the lowest bar
    for k, kategori in enumerate(figur.kategorier):
        mitt = vanster + kategoribredd * (k + 0.5)
        for s, serie in enumerate(figur.serier):
            x0 = mitt - grupp / 2 + s * stapelbredd
            v, maskerad = serie.varden[k], serie.maskerade[k]
            if maskerad:
                former.append(Text(x0 + stapelbredd / 2, y_for(0) - 3, MASKERAT, ETIKETTSTORLEK, "middle", GRA))
            elif v is not None:
                overkant, nederkant = min(y_for(v), y_for(0)), max(y_for(v), y_for(0))
                former.append(Ruta(x0 + 0.5, overkant, stapelbredd - 1, nederkant - overkant, FARGER[s % len(FARGER)]))
                # Below a bar that goes down from 0, above one that goes up.
                etikett_y = nederkant + 9 if v < 0 else overkant - 3
                former.append(Text(x0 + stapelbredd / 2, etikett_y, varde_text(v, figur.andel), ETIKETTSTORLEK, "middle"))
        rader = radbryt(kategori, kategoribredd - 6)
        etikettrader = max(etikettrader, len(rader))
        for r, text in enumerate(rader):
            former.append(Text(mitt, topp_y + plotthojd + 12 + under + r * 11, text, ankare="middle"))
    former.append(Linje(vanster, y_for(0), vanster + plottbredd, y_for(0), TEXT))
    y = topp_y + plotthojd + 4 + under + etikettrader * 11
    y, legend = _legend(figur, y + 4)
    former += legend
    return BREDD, y + 6, former


# --- output -------------------------------------------------------------------------------


def svg(figur: Figur) -> str:
    b, h, former = layout(figur)
    delar = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{b:.0f}pt" height="{h:.0f}pt" '
        f'viewBox="0 0 {b:.1f} {h:.1f}" font-family="{FAMILJ}" role="img">',
        f'<rect width="{b:.1f}" height="{h:.1f}" fill="#ffffff"/>',
    ]
    for f in former:
        if isinstance(f, Ruta):
            delar.append(f'<rect x="{f.x:.2f}" y="{f.y:.2f}" width="{max(f.b, 0):.2f}" height="{max(f.h, 0):.2f}" fill="{f.farg}"/>')
        elif isinstance(f, Linje):
            delar.append(
                f'<line x1="{f.x1:.2f}" y1="{f.y1:.2f}" x2="{f.x2:.2f}" y2="{f.y2:.2f}" stroke="{f.farg}" stroke-width="{f.bredd}"/>'
            )
        else:
            vikt = ' font-weight="bold"' if f.fet else ""
            delar.append(
                f'<text x="{f.x:.2f}" y="{f.y:.2f}" font-size="{f.storlek}" text-anchor="{f.ankare}" fill="{f.farg}"{vikt}>'
                f"{escape(f.text)}</text>"
            )
    delar.append("</svg>")
    return "".join(delar)


def png(figur: Figur, *, dpi: int = 150) -> bytes:
    b, h, former = layout(figur)
    skala = dpi / 72
    bild = Image.new("RGB", (round(b * skala), round(h * skala)), "#ffffff")
    rita = ImageDraw.Draw(bild)
    ankare = {"start": "ls", "middle": "ms", "end": "rs"}
    for f in former:
        if isinstance(f, Ruta):
            if f.b > 0 and f.h > 0:
                # A bar thinner than a pixel (a few against many thousands) is one pixel, not an error.
                x0, y0 = f.x * skala, f.y * skala
                x1, y1 = max(x0, (f.x + f.b) * skala - 1), max(y0, (f.y + f.h) * skala - 1)
                rita.rectangle([x0, y0, x1, y1], fill=f.farg)
        elif isinstance(f, Linje):
            rita.line([f.x1 * skala, f.y1 * skala, f.x2 * skala, f.y2 * skala], fill=f.farg, width=max(1, round(f.bredd * skala)))
        else:
            typsnitt = ImageFont.truetype(
                str(TYPSNITT / ("LiberationSans-Bold.ttf" if f.fet else "LiberationSans-Regular.ttf")),
                size=max(1, round(f.storlek * skala)),
            )
            rita.text((f.x * skala, f.y * skala), f.text, fill=f.farg, font=typsnitt, anchor=ankare[f.ankare])
    utdata = io.BytesIO()
    bild.save(utdata, format="PNG", dpi=(dpi, dpi))
    return utdata.getvalue()
