"""Which tables get a figure and what it shows, in the form of the association's reports
(docs/regler.md §3): shares where the report shows shares (with a Totalt series), counts where it
shows counts, short labels, no title (the caption "Figur N" is text beside the image), masked
values marked as masked, small bases left out of share figures, and no figure for an empty
table. Works on the JSON shape of a table (SPEC §4); the drawing is in ``rita``, the native
Excel charts follow the same figures (``export``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..visning import ANNAN, TOTALT, utan_tom_annan

# Share figures leave out groups smaller than this outside publication too (one person of a
# small group would make a 100 % bar that sets the scale); publication uses its own base.
MINSTA_BAS_I_DIAGRAM = 10


@dataclass
class Serie:
    namn: str
    varden: list  # float per category; None where nothing is drawn
    maskerade: list  # True where the value is masked (drawn as "..", not as 0)


@dataclass
class Figur:
    rapport: str
    typ: str  # "stapel" (vertical bars) or "liggande" (horizontal bars)
    kategorier: list[str]
    serier: list[Serie]
    andel: bool = False  # values are percentages (axis 0–100 %)
    staplad: bool = False  # segments of one bar (100 % bars)
    axelrubrik: str = ""
    noter: list[str] = field(default_factory=list)

    @property
    def har_maskerade(self) -> bool:
        return any(any(s.maskerade) for s in self.serier)


def _kategori(rad: dict) -> str:
    return rad.get("kort_etikett") or rad["etikett"]


def _maskerade(tabell: dict) -> set:
    return {tuple(c) for c in tabell.get("maskerade_celler", [])}


def _kolumn(tabell: dict, rubrik: str) -> int | None:
    return tabell["kolumner"].index(rubrik) if rubrik in tabell["kolumner"] else None


def _kanda_rader(tabell: dict) -> list[tuple[int, dict]]:
    return [(i, r) for i, r in enumerate(tabell["rader"]) if not r.get("saknas")]


def _bas(tabell: dict, kolumn: int) -> int | None:
    """The base of a share column's shares: those with a known answer (or the total)."""
    if any(r.get("saknas") for r in tabell["rader"]):
        # "Med känd uppgift" / "Med avslutsorsak" is the first extra row then.
        return tabell["extrarader"][0]["varden"][kolumn]
    return tabell["summa"]["varden"][kolumn]


def _andelsserier(tabell: dict, rubriker: list[str], rader: list[tuple[int, dict]], minsta_bas: int) -> tuple[list, list]:
    """Share series of the given count columns (their "(%)" columns), Totalt first; a column
    whose base is smaller than the threshold is left out with a note."""
    maskerade = _maskerade(tabell)
    serier, utelamnade = [], []
    for rubrik in rubriker:
        antal_j, andel_j = _kolumn(tabell, rubrik), _kolumn(tabell, f"{rubrik} (%)")
        if antal_j is None or andel_j is None:
            continue
        bas = _bas(tabell, antal_j)
        if bas is not None and bas < minsta_bas:
            if bas:
                utelamnade.append(rubrik)
            continue
        serier.append(
            Serie(
                rubrik,
                [r["varden"][andel_j] for _i, r in rader],
                [("r", i, andel_j) in maskerade or ("r", i, antal_j) in maskerade for i, _r in rader],
            )
        )
    return serier, utelamnade


def _kon_rubriker(tabell: dict) -> list[str]:
    return [TOTALT] + [k for k in ("Kvinnor", "Män", ANNAN) if k in tabell["kolumner"]]


def _not_utelamnade(utelamnade: list[str], minsta_bas: int) -> list[str]:
    if not utelamnade:
        return []
    return [
        _("%(grupper)s visas inte i diagrammet (färre än %(bas)s).")
        % {"grupper": ", ".join(utelamnade), "bas": minsta_bas}
    ]


def figur_for(tabell: dict, *, minsta_bas: int = MINSTA_BAS_I_DIAGRAM) -> Figur | None:
    """The figure of a table, or None when the report has none or the table is empty."""
    tabell = utan_tom_annan(tabell)
    namn = tabell["rapport"]
    minsta_bas = max(minsta_bas, (tabell.get("maskering") or {}).get("minsta_bas_for_andel", 1))
    figur = _bygg(namn, tabell, minsta_bas)
    if figur is None or not figur.kategorier:
        return None
    if not any(v for s in figur.serier for v in s.varden if v) and not figur.har_maskerade:
        return None  # nothing but zeros: no figure (a table says it better)
    return figur


def _bygg(namn: str, tabell: dict, minsta_bas: int) -> Figur | None:
    maskerade = _maskerade(tabell)
    rader = list(enumerate(tabell["rader"]))
    if namn == "flode":
        j = 0
        return Figur(
            namn,
            "stapel",
            [r["etikett"] for _i, r in rader],
            [Serie(_("Antal deltagare"), [r["varden"][j] for _i, r in rader], [("r", i, j) in maskerade for i, _r in rader])],
            axelrubrik=_("Antal deltagare"),
        )
    if namn in ("aktiva", "borjade", "avslutade"):
        serier = []
        for rubrik in ("Kvinnor", "Män", ANNAN, "Okänt kön"):
            j = _kolumn(tabell, rubrik)
            if j is None:
                continue
            varden = [r["varden"][j] for _i, r in rader]
            masker = [("r", i, j) in maskerade for i, _r in rader]
            if rubrik == ANNAN and tabell.get("publicering") and not any(v for v in varden if v):
                continue  # shown in the total only
            serier.append(Serie(rubrik, varden, masker))
        return Figur(namn, "stapel", [_kategori(r) for _i, r in rader], serier, axelrubrik=_("Antal deltagare"))
    if namn == "avslutsorsak":
        j = _kolumn(tabell, "Andel (%)")
        t = _kolumn(tabell, TOTALT)
        bas = _bas(tabell, t)
        if bas is not None and bas < minsta_bas:
            # Its only series is Totalt: a small base leaves nothing to draw, as the per-kön
            # figures leave out a small kön (one person would be a 100 % bar).
            return None
        kanda = _kanda_rader(tabell)
        return Figur(
            namn,
            "liggande",
            [_kategori(r) for _i, r in kanda],
            [Serie(_("Andel av avslutade"), [r["varden"][j] for _i, r in kanda], [("r", i, t) in maskerade for i, _r in kanda])],
            andel=True,
            axelrubrik=_("Andel av avslutade med avslutsorsak (%)"),
        )
    if namn in ("avslutsorsak-kon", "utbildning", "aldersgrupp", "tid-utan-arbete", "stadsdel"):
        kanda = _kanda_rader(tabell)
        serier, utelamnade = _andelsserier(tabell, _kon_rubriker(tabell), kanda, minsta_bas)
        axel = _("Andel av avslutade (%)") if namn == "avslutsorsak-kon" else _("Andel av dem som började (%)")
        return Figur(
            namn,
            "liggande",
            [_kategori(r) for _i, r in kanda],
            serier,
            andel=True,
            axelrubrik=axel,
            noter=_not_utelamnade(utelamnade, minsta_bas),
        )
    if namn in ("anmalande-part", "forsorjning", "utbildning-insats", "aldersgrupp-insats"):
        kanda = _kanda_rader(tabell)
        serier, _utelamnade = _andelsserier(tabell, [TOTALT], kanda, minsta_bas)
        for serie in serier:
            serie.namn = _("Andel")
        return Figur(
            namn, "liggande", [_kategori(r) for _i, r in kanda], serier, andel=True, axelrubrik=_("Andel av dem som började (%)")
        )
    if namn in ("avslutsgrupp", "avslutsgrupp-kon"):
        return _grupper(namn, tabell, minsta_bas)
    if namn == "flerar":
        ar = [str(a) for a in tabell.get("ar", [])]
        kanda = _kanda_rader(tabell)
        serier, utelamnade = _andelsserier(tabell, ar, kanda, minsta_bas)
        return Figur(
            namn,
            "stapel",
            [_kategori(r) for _i, r in kanda],
            serier,
            andel=True,
            axelrubrik=_("Andel av avslutade (%)"),
            noter=_not_utelamnade(utelamnade, minsta_bas),
        )
    if namn == "malupfyllelse":
        # The participants of each insats against the expected number (pro-rated to the period).
        f, a = _kolumn(tabell, "Förväntat antal"), _kolumn(tabell, "Utfall")
        deltagare = [(i, r) for i, r in rader if r.get("slag") == "deltagare"]
        return Figur(
            namn,
            "stapel",
            [_malkategori(tabell, r) for _i, r in deltagare],
            [
                Serie(_("Förväntat antal"), [r["varden"][f] for _i, r in deltagare], [False] * len(deltagare)),
                Serie(
                    _("Antal deltagare"), [r["varden"][a] for _i, r in deltagare], [("r", i, a) in maskerade for i, _r in deltagare]
                ),
            ],
            axelrubrik=_("Antal deltagare"),
        )
    return None


def _malkategori(tabell: dict, rad: dict) -> str:
    kort = rad.get("kortnamn") or rad["etikett"]
    flera_ar = len({r.get("ar") for r in tabell["rader"]}) > 1
    if not flera_ar:
        return kort
    return f"{kort} {rad['ar'] if rad.get('ar') is not None else rad.get('malperiod', '')}".strip()


def _grupper(namn: str, tabell: dict, minsta_bas: int) -> Figur:
    """Stacked 100 % bars of the avslutsgrupper: per insats (rows) or per kön (columns)."""
    maskerade = _maskerade(tabell)
    grupper = [g for g in tabell["kolumner"] if g.endswith(" (%)")]
    if namn == "avslutsgrupp":
        rubriker = [g.removesuffix(" (%)") for g in grupper]
        kategorier, varden, masker = [], {g: [] for g in rubriker}, {g: [] for g in rubriker}
        total = _kolumn(tabell, TOTALT)
        for i, r in enumerate(tabell["rader"]):
            bas = r["varden"][total]
            if bas is not None and bas < minsta_bas:
                continue
            kategorier.append(_kategori(r))
            for g in rubriker:
                varden[g].append(r["varden"][_kolumn(tabell, f"{g} (%)")])
                masker[g].append(("r", i, _kolumn(tabell, g)) in maskerade)
        serier = [Serie(g, varden[g], masker[g]) for g in rubriker]
        return Figur(namn, "liggande", kategorier, serier, andel=True, staplad=True, axelrubrik=_("Andel (%)"))
    # Per kön: the kön are the bars, the groups (rows) the segments.
    kanda = _kanda_rader(tabell)
    kategorier, staplar = [], []
    for rubrik in _kon_rubriker(tabell):
        antal_j, andel_j = _kolumn(tabell, rubrik), _kolumn(tabell, f"{rubrik} (%)")
        bas = _bas(tabell, antal_j)
        if andel_j is None or bas is None or bas < minsta_bas:
            continue
        kategorier.append(rubrik)
        staplar.append([(r["varden"][andel_j], ("r", i, antal_j) in maskerade) for i, r in kanda])
    serier = [
        Serie(_kategori(r), [s[k][0] for s in staplar], [s[k][1] for s in staplar]) for k, (_i, r) in enumerate(kanda)
    ]
    return Figur(namn, "liggande", kategorier, serier, andel=True, staplad=True, axelrubrik=_("Andel (%)"))
