"""Tables 8–13 and 17: background of the started participants, and försörjning before/after.

Only insatser that register background data take part (a note names the others). Every
started participant of those is counted: a row for each code, then those with consent whose
answer is missing ("Ej registrerad") and the anonymous ones. Shares are shares of those with a
known answer (the extra row "Med känd uppgift"); codes that say the answer is missing (Uppgift
saknas, Okänd/vill ej uppge) are shown beside, outside the base (docs/regler.md §3). Codes and
missing rows without anyone are left out unless empty rows are asked for.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from deltagare.choices import LsgOmrade

from ..namn import TITLAR
from .hjalp import (
    andelskolumner,
    anonym,
    ej_registrerad,
    kand_uppgift_rad,
    kodrad,
    kon_koder,
    kon_kolumner,
    synliga_koder,
    totalt,
)
from .tabell import ANDEL, KOLUMNSUMMA, Extrarad, Kolumn, Rad, Tabell
from .underlag import Underlag

SAKNAS, ANONYM = "saknas", "anonym"


def _med_bakgrund(u: Underlag, rader: list[tuple], *, vad: str):
    """The breakdown rows of insatser that register background, and a note on the others."""
    med = {i.pk for i in u.insatser if i.registrerar_bakgrund}
    utan = [i for i in u.insatser if not i.registrerar_bakgrund]
    noter = []
    if utan:
        antal: dict = defaultdict(int)
        for rad in rader:
            antal[rad[0]] += rad[-1]
        if u.publicering:
            namn = ", ".join(u.namn(i) for i in utan)
        else:
            namn = ", ".join(
                _("%(namn)s (%(antal)s %(vad)s)") % {"namn": u.namn(i), "antal": antal[i.pk], "vad": vad} for i in utan
            )
        noter.append(_("Insatser som inte registrerar bakgrundsuppgifter ingår inte: %(insatser)s.") % {"insatser": namn})
    return [r for r in rader if r[0] in med], noter


def _bakgrundsinsatser(u: Underlag) -> list:
    return [i for i in u.insatser if i.registrerar_bakgrund]


def _radnyckel(samtycke: bool, kod):
    """Row key of a participant: the code, or which kind of missing answer."""
    if not samtycke:
        return ANONYM
    return SAKNAS if kod is None else kod


def _kodrader(u: Underlag, dim: str, kodlista: list, antal: dict, varden, extra_rader=()) -> tuple[list[Rad], list[dict]]:
    """Rows of the codes that show, extra rows that occur, then the two missing kinds; and the
    keys of the rows left out (known zeros)."""
    visade = synliga_koder(u, kodlista, antal)
    rader = [kodrad(kod, varden(kod.pk), {"samtycke": True, dim: kod.pk}) for kod in visade]
    nollor = [{"samtycke": True, dim: kod.pk} for kod in kodlista if kod not in visade]
    for nyckel, etikett in extra_rader:
        if antal.get(nyckel) or u.visa_tomma:
            rader.append(Rad(etikett, varden(nyckel), nyckel={"samtycke": True, dim: nyckel}))
        else:
            nollor.append({"samtycke": True, dim: nyckel})
    for nyckel, etikett, radnyckel in (
        (SAKNAS, ej_registrerad(), {"samtycke": True, dim: None}),
        (ANONYM, anonym(), {"samtycke": False}),
    ):
        if antal.get(nyckel) or u.visa_tomma:
            rader.append(Rad(etikett, varden(nyckel), nyckel=radnyckel, saknas=True))
        else:
            nollor.append(radnyckel)
    return rader, nollor


def _kanda_nyckel(rader: list[Rad], dim: str) -> dict:
    """The key of "Med känd uppgift": consent and one of the known codes shown."""
    return {"samtycke": True, dim: frozenset(r.nyckel[dim] for r in rader if not r.saknas)}


def _bas(u: Underlag) -> dict:
    return {"pop": "borjade", "insats": frozenset(i.pk for i in _bakgrundsinsatser(u))}


def _per_kon(
    u: Underlag, namn: str, underlag: list[tuple], kodlista: list, dim: str, nyckel_for, *, extra_rader=()
) -> Tabell:
    rader_in, noter = _med_bakgrund(u, underlag, vad=_("började"))
    antal: dict = defaultdict(int)
    forekommande_kon = set()
    for _insats, kon, samtycke, kod, _k2, n in rader_in:
        nyckel = _radnyckel(samtycke, nyckel_for(kod))
        antal[(nyckel, kon)] += n
        antal[nyckel] += n
        if n:
            forekommande_kon.add(kon)
    koder = kon_koder(forekommande_kon)
    tomma = [None] * (len(koder) + 1)
    rader, nollor = _kodrader(
        u, dim, kodlista, antal, lambda nyckel: [antal.get((nyckel, k), 0) for k in koder] + tomma, extra_rader
    )
    kolumner = [*kon_kolumner(koder), totalt()]
    kanda = kand_uppgift_rad(rader, len(kolumner) * 2, nyckel=_kanda_nyckel(rader, dim))
    kolumner += andelskolumner(kolumner, list(range(len(kolumner))), bas=("e", 0) if kanda else KOLUMNSUMMA)
    return Tabell(
        rapport=namn,
        titel=TITLAR[namn],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        extrarader=[kanda] if kanda else [],
        noter=[_("Deltagare som började under perioden; andelar av dem med känd uppgift."), *noter],
        nyckel=_bas(u),
        nollnycklar=nollor,
    )


def _per_insats(
    u: Underlag, namn: str, underlag: list[tuple], kodlista: list, dim: str, nyckel_for=lambda kod: kod, *, extra_rader=()
):
    rader_in, noter = _med_bakgrund(u, underlag, vad=_("började"))
    insatser = _bakgrundsinsatser(u)
    antal: dict = defaultdict(int)
    for insats_id, _kon, samtycke, kod, _k2, n in rader_in:
        nyckel = _radnyckel(samtycke, nyckel_for(kod))
        antal[(nyckel, insats_id)] += n
        antal[nyckel] += n
    rader, nollor = _kodrader(
        u, dim, kodlista, antal, lambda nyckel: [antal.get((nyckel, i.pk), 0) for i in insatser] + [None, None], extra_rader
    )
    kolumner = [Kolumn(u.kortnamn(i), nyckel={"insats": i.pk}) for i in insatser] + [totalt()]
    kanda = kand_uppgift_rad(rader, len(kolumner) + 1, nyckel=_kanda_nyckel(rader, dim))
    kolumner.append(
        Kolumn(_("Andel (%)"), typ=ANDEL, taljare=len(insatser), namnare=("e", 0) if kanda else KOLUMNSUMMA)
    )
    tabell = Tabell(
        rapport=namn,
        titel=TITLAR[namn],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(insatser), list(range(len(insatser))))],
        extrarader=[kanda] if kanda else [],
        noter=[_("Deltagare som började under perioden; andelar av dem med känd uppgift."), *noter],
        extra={"insatser": [u.namn(i) for i in insatser]},
        nyckel=_bas(u),
        nollnycklar=nollor,
    )
    return tabell


def _utbildning_per_kod(kod):
    return kod


def utbildning(u: Underlag) -> Tabell:
    return _per_kon(u, "utbildning", u.fordelning["utbildning"], u.utbildningar, "utbildning", _utbildning_per_kod)


def utbildning_insats(u: Underlag) -> Tabell:
    """Utbildning per insats: the annual report's education of each insats."""
    return _per_insats(u, "utbildning-insats", u.fordelning["utbildning"], u.utbildningar, "utbildning")


def tid_utan_arbete(u: Underlag) -> Tabell:
    return _per_kon(u, "tid-utan-arbete", u.fordelning["tid_utan_arbete"], u.tider_utan_arbete, "tid", _utbildning_per_kod)


def _aldersgrupp_for(u: Underlag):
    grupper = u.aldersgrupper

    def grupp_for(alder):
        if alder is None:
            return None
        for grupp in grupper:
            if (grupp.min_alder is None or alder >= grupp.min_alder) and (
                grupp.max_alder is None or alder <= grupp.max_alder
            ):
                return grupp.pk
        return "utanfor"

    return grupp_for


def _utanfor() -> list[tuple]:
    return [("utanfor", _("Ålder utanför åldersgrupperna"))]


def aldersgrupp(u: Underlag) -> Tabell:
    tabell = _per_kon(
        u, "aldersgrupp", u.fordelning["alder"], u.aldersgrupper, "alder", _aldersgrupp_for(u), extra_rader=_utanfor()
    )
    tabell.noter.insert(1, _("Ålder vid start = startåret − födelseåret."))
    return tabell


def aldersgrupp_insats(u: Underlag) -> Tabell:
    """Åldersgrupp per insats: the annual report's age of each insats."""
    tabell = _per_insats(
        u,
        "aldersgrupp-insats",
        u.fordelning["alder"],
        u.aldersgrupper,
        "alder",
        _aldersgrupp_for(u),
        extra_rader=_utanfor(),
    )
    tabell.noter.insert(1, _("Ålder vid start = startåret − födelseåret."))
    return tabell


def stadsdel(u: Underlag) -> Tabell:
    tabell = _per_kon(u, "stadsdel", u.fordelning["stadsdel"], u.stadsdelar, "stadsdel", _utbildning_per_kod)
    index = {rad.nyckel.get("stadsdel"): i for i, rad in enumerate(tabell.rader)}
    for omrade in LsgOmrade:
        rader = [index[s.pk] for s in u.stadsdelar if s.lsg_omrade == omrade.value and s.pk in index]
        if rader:
            tabell.extrarader.append(
                Extrarad(
                    _("%(omrade)s (lokalt område)") % {"omrade": omrade.label},
                    [None] * len(tabell.kolumner),
                    av_rader=rader,
                )
            )
    return tabell


def anmalande_part(u: Underlag) -> Tabell:
    tabell = _per_insats(u, "anmalande-part", u.fordelning["anmalande_part"], u.anmalande_parter, "part")
    insatser = _bakgrundsinsatser(u)
    # The insatser each part referred most participants to ("främst till ..."), from the counts
    # before any masking; publication shows it only beside a published row total (views).
    for rad in tabell.rader:
        antal = rad.varden[: len(insatser)]
        storst = max(antal, default=0)
        rad.extra["framst"] = [u.namn(i) for i, n in zip(insatser, antal) if storst and n == storst]
    index = {rad.nyckel.get("part"): i for i, rad in enumerate(tabell.rader)}
    for part in u.anmalande_parter:
        barn = [index[b.pk] for b in u.anmalande_parter if b.overordnad_id == part.pk and b.pk in index]
        if barn and part.pk in index:
            tabell.extrarader.append(
                Extrarad(
                    _("%(part)s inklusive underenheter") % {"part": part.namn},
                    [None] * len(tabell.kolumner),
                    av_rader=[index[part.pk], *barn],
                )
            )
    return tabell


def forsorjning(u: Underlag) -> Tabell:
    return _per_insats(u, "forsorjning", u.fordelning["forsorjning"], u.forsorjningar, "forsorjning")


def stegforflyttning(u: Underlag) -> Tabell:
    """Table 17: ended participants with consent, försörjning at start × at exit, per insats."""
    rader_in, noter = _med_bakgrund(u, u.fordelning["steg"], vad=_("avslutade"))
    insatser = _bakgrundsinsatser(u)
    antal: dict = defaultdict(int)
    start_antal: dict = defaultdict(int)
    slut_antal: dict = defaultdict(int)
    anonyma = 0
    for insats_id, _kon, samtycke, start, slut, n in rader_in:
        if not samtycke:
            anonyma += n
            continue
        antal[(insats_id, start, slut)] += n
        start_antal[start] += n
        slut_antal[slut] += n
    synliga_start = synliga_koder(u, u.forsorjningar, start_antal)
    synliga_slut = synliga_koder(u, u.forsorjningar, slut_antal)
    radnycklar = [(f.pk, f.namn) for f in synliga_start]
    kolnycklar = [(f.pk, f.namn) for f in synliga_slut]
    if start_antal.get(None) or u.visa_tomma:
        radnycklar.append((None, ej_registrerad()))
    if slut_antal.get(None) or u.visa_tomma:
        kolnycklar.append((None, ej_registrerad()))
    nollor = [{"fstart": f.pk} for f in u.forsorjningar if f not in synliga_start]
    nollor += [{"fslut": f.pk} for f in u.forsorjningar if f not in synliga_slut]
    nollor += [{"fstart": None}] if None not in dict(radnycklar) else []
    nollor += [{"fslut": None}] if None not in dict(kolnycklar) else []
    radsummor = [(len(kolnycklar), list(range(len(kolnycklar))))]

    def tabell_for(ids: set, titel: str, bas: dict) -> Tabell:
        rader = [
            Rad(
                etikett,
                [sum(antal.get((i, r, k), 0) for i in ids) for k, _e in kolnycklar] + [None],
                nyckel={"fstart": r},
            )
            for r, etikett in radnycklar
        ]
        return Tabell(
            rapport="stegforflyttning",
            titel=titel,
            fran=u.fran,
            till=u.till,
            kolumner=[Kolumn(etikett, nyckel={"fslut": k}) for k, etikett in kolnycklar] + [totalt()],
            rader=rader,
            radsummor=radsummor,
            nyckel=bas,
            nollnycklar=nollor,
        )

    bas = {"pop": "avslutade", "samtycke": True}
    tabell = tabell_for(
        {i.pk for i in insatser}, TITLAR["stegforflyttning"], bas | {"insats": frozenset(i.pk for i in insatser)}
    )
    tabell.per_insats = [tabell_for({i.pk}, u.namn(i), bas | {"insats": i.pk}) for i in insatser]
    tabell.noter = [
        _(
            "Avslutade under perioden med samtycke. Rader: försörjning vid start; kolumner: "
            "försörjning vid avslut."
        ),
        _("Avslutade utan samtycke (anonyma) ingår inte.")
        if u.publicering
        else _("%(antal)s avslutade utan samtycke (anonyma) ingår inte.") % {"antal": anonyma},
        *noter,
    ]
    return tabell
