"""Tables 8–13 and 17: background of the started participants, and försörjning before/after.

Only insatser that register background data take part (a note names the others). Every
started participant of those is counted: rows for each code, then those with consent whose
answer is missing ("Ej registrerad") and the anonymous ones, so each table states how many
lacked data and the shares are shares of everyone who started.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from deltagare.choices import LsgOmrade

from ..namn import TITLAR
from .hjalp import andelskolumner, anonym, ej_registrerad, kon_koder, kon_kolumner, synliga_koder, totalt
from .tabell import ANDEL, KOLUMNSUMMA, Extrarad, Kolumn, Rad, Tabell
from .underlag import Underlag


def _med_bakgrund(u: Underlag, rader: list[tuple], *, vad: str):
    """The breakdown rows of insatser that register background, and a note on the others."""
    med = {i.pk for i in u.insatser if i.registrerar_bakgrund}
    utan = [i for i in u.insatser if not i.registrerar_bakgrund]
    noter = []
    if utan:
        antal: dict = defaultdict(int)
        for rad in rader:
            antal[rad[0]] += rad[-1]
        noter.append(
            _("Insatser som inte registrerar bakgrundsuppgifter ingår inte: %(insatser)s.")
            % {
                "insatser": ", ".join(
                    _("%(namn)s (%(antal)s %(vad)s)") % {"namn": i.namn, "antal": antal[i.pk], "vad": vad}
                    for i in utan
                )
            }
        )
    return [r for r in rader if r[0] in med], noter


def _radnyckel(samtycke: bool, kod):
    """Row key of a participant: the code, or which kind of missing answer."""
    if not samtycke:
        return "anonym"
    return "saknas" if kod is None else kod


def _kodrader(kodlista: list, antal: dict, extra_rader=()) -> list[tuple]:
    """(key, label) of the rows: codes, extra rows that occur, then the two missing kinds."""
    rader = [(kod.pk, kod.namn) for kod in synliga_koder(kodlista, antal)]
    rader += [(nyckel, etikett) for nyckel, etikett in extra_rader if antal.get(nyckel)]
    return rader + [("saknas", ej_registrerad()), ("anonym", anonym())]


def _per_kon(u: Underlag, namn: str, underlag: list[tuple], kodlista: list, nyckel_for, *, extra_rader=()):
    rader_in, noter = _med_bakgrund(u, underlag, vad=_("började"))
    antal: dict = defaultdict(int)
    for _insats, kon, samtycke, kod, _k2, n in rader_in:
        nyckel = _radnyckel(samtycke, nyckel_for(kod))
        antal[(nyckel, kon)] += n
        antal[nyckel] += n
    koder = kon_koder(kon for k in antal if isinstance(k, tuple) for kon in [k[1]])
    kolumner = [*kon_kolumner(koder), totalt()]
    kolumner += andelskolumner(kolumner, list(range(len(kolumner))))
    tomma = [None] * (len(koder) + 1)
    rader = [
        Rad(etikett, [antal.get((nyckel, k), 0) for k in koder] + tomma)
        for nyckel, etikett in _kodrader(kodlista, antal, extra_rader)
    ]
    return Tabell(
        rapport=namn,
        titel=TITLAR[namn],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(koder), list(range(len(koder))))],
        noter=[_("Deltagare som började under perioden; andelar av respektive kolumns totalt."), *noter],
    )


def _per_insats(u: Underlag, namn: str, underlag: list[tuple], kodlista: list):
    rader_in, noter = _med_bakgrund(u, underlag, vad=_("började"))
    insatser = [i for i in u.insatser if i.registrerar_bakgrund]
    antal: dict = defaultdict(int)
    for insats_id, _kon, samtycke, kod, _k2, n in rader_in:
        nyckel = _radnyckel(samtycke, kod)
        antal[(nyckel, insats_id)] += n
        antal[nyckel] += n
    kolumner = [Kolumn(i.kortnamn) for i in insatser] + [totalt()]
    kolumner.append(Kolumn(_("Andel (%)"), typ=ANDEL, taljare=len(insatser), namnare=KOLUMNSUMMA))
    nycklar = _kodrader(kodlista, antal)
    rader = [
        Rad(etikett, [antal.get((nyckel, i.pk), 0) for i in insatser] + [None, None])
        for nyckel, etikett in nycklar
    ]
    tabell = Tabell(
        rapport=namn,
        titel=TITLAR[namn],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        radsummor=[(len(insatser), list(range(len(insatser))))],
        noter=[_("Deltagare som började under perioden."), *noter],
        extra={"insatser": [i.namn for i in insatser]},
    )
    return tabell, nycklar


def utbildning(u: Underlag) -> Tabell:
    return _per_kon(u, "utbildning", u.fordelning["utbildning"], u.utbildningar, lambda kod: kod)


def tid_utan_arbete(u: Underlag) -> Tabell:
    return _per_kon(u, "tid-utan-arbete", u.fordelning["tid_utan_arbete"], u.tider_utan_arbete, lambda kod: kod)


def aldersgrupp(u: Underlag) -> Tabell:
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

    tabell = _per_kon(
        u,
        "aldersgrupp",
        u.fordelning["alder"],
        grupper,
        grupp_for,
        extra_rader=[("utanfor", _("Ålder utanför åldersgrupperna"))],
    )
    tabell.noter.insert(1, _("Ålder vid start = startåret − födelseåret."))
    return tabell


def stadsdel(u: Underlag) -> Tabell:
    tabell = _per_kon(u, "stadsdel", u.fordelning["stadsdel"], u.stadsdelar, lambda kod: kod)
    index = {rad.etikett: i for i, rad in enumerate(tabell.rader)}
    for omrade in LsgOmrade:
        rader = [index[s.namn] for s in u.stadsdelar if s.lsg_omrade == omrade.value and s.namn in index]
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
    tabell, nycklar = _per_insats(u, "anmalande-part", u.fordelning["anmalande_part"], u.anmalande_parter)
    insatser = [i for i in u.insatser if i.registrerar_bakgrund]
    # The insatser each part referred most participants to ("främst till ...").
    for rad in tabell.rader:
        antal = rad.varden[: len(insatser)]
        storst = max(antal, default=0)
        rad.extra["framst"] = [i.namn for i, n in zip(insatser, antal) if storst and n == storst]
    index = {nyckel: i for i, (nyckel, _e) in enumerate(nycklar)}
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
    tabell, _nycklar = _per_insats(u, "forsorjning", u.fordelning["forsorjning"], u.forsorjningar)
    return tabell


def stegforflyttning(u: Underlag) -> Tabell:
    """Table 17: ended participants with consent, försörjning at start × at exit, per insats."""
    rader_in, noter = _med_bakgrund(u, u.fordelning["steg"], vad=_("avslutade"))
    insatser = [i for i in u.insatser if i.registrerar_bakgrund]
    antal: dict = defaultdict(int)
    start_antal: dict = defaultdict(int)
    slut_antal: dict = defaultdict(int)
    anonyma = 0
    for insats_id, _kon, samtycke, start, slut, n in rader_in:
        if not samtycke:
            anonyma += n
            continue
        start, slut = start or "saknas", slut or "saknas"
        antal[(insats_id, start, slut)] += n
        start_antal[start] += n
        slut_antal[slut] += n
    synliga_start = [f for f in u.forsorjningar if f.aktiv or start_antal.get(f.pk)]
    synliga_slut = [f for f in u.forsorjningar if f.aktiv or slut_antal.get(f.pk)]
    radnycklar = [(f.pk, f.namn) for f in synliga_start] + [("saknas", ej_registrerad())]
    kolnycklar = [(f.pk, f.namn) for f in synliga_slut] + [("saknas", ej_registrerad())]
    kolumner = [Kolumn(etikett) for _n, etikett in kolnycklar] + [totalt()]
    radsummor = [(len(kolnycklar), list(range(len(kolnycklar))))]

    def tabell_for(ids: set, titel: str) -> Tabell:
        rader = [
            Rad(
                etikett,
                [sum(antal.get((i, r, k), 0) for i in ids) for k, _e in kolnycklar] + [None],
            )
            for r, etikett in radnycklar
        ]
        return Tabell(
            rapport="stegforflyttning",
            titel=titel,
            fran=u.fran,
            till=u.till,
            kolumner=[Kolumn(k.etikett) for k in kolumner],
            rader=rader,
            radsummor=radsummor,
        )

    tabell = tabell_for({i.pk for i in insatser}, TITLAR["stegforflyttning"])
    tabell.per_insats = [tabell_for({i.pk}, i.namn) for i in insatser]
    tabell.noter = [
        _(
            "Avslutade under perioden med samtycke. Rader: försörjning vid start; kolumner: "
            "försörjning vid avslut."
        ),
        _("%(antal)s avslutade utan samtycke (anonyma) ingår inte.") % {"antal": anonyma},
        *noter,
    ]
    return tabell
