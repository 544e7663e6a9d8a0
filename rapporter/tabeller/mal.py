"""Table 14: förväntat resultat against the outcome per insats."""

from collections import defaultdict

from django.utils.translation import gettext as _

from ..namn import TITLAR
from .tabell import ANDEL, MAL, Kolumn, Rad, Tabell
from .underlag import Underlag


def malupfyllelse(u: Underlag) -> Tabell:
    """Table 14: per insats and calendar year of the period, target and outcome side by side."""
    arbete_studier = {o.pk for o in u.avslutsorsaker if o.arbete_eller_studier}
    grupp_for = {o.pk: o.grupp_id for o in u.avslutsorsaker}
    flera_ar = len(u.ar) > 1
    aktiva = u.summor("aktiva", per=("insats", "kon"))
    aktiva_ar = {ar: u.summor(f"aktiva_{ar}", per=("insats", "kon")) for ar in u.ar} if flera_ar else {}
    avslut: dict = defaultdict(int)
    for insats_id, _kon, _s, orsak, ar, n in u.fordelning["avslut_ar"]:
        avslut[(insats_id, ar, orsak)] += n

    kolumner = [
        Kolumn(_("Förväntat antal deltagare"), typ=MAL),
        Kolumn(_("Antal deltagare")),
        Kolumn(_("Kvinnor")),
        Kolumn(_("Avslutade med avslutsorsak")),
        Kolumn(_("Arbete eller studier")),
        Kolumn(_("Annat förväntat utfall")),
        Kolumn(_("Antal deltagare i förhållande till förväntat (%)"), typ=ANDEL, taljare=1, namnare=0),
        Kolumn(_("Förväntad andel kvinnor (%)"), typ=MAL, summeras=False),
        Kolumn(_("Andel kvinnor (%)"), typ=ANDEL, taljare=2, namnare=1),
        Kolumn(_("Förväntad andel arbete eller studier (%)"), typ=MAL, summeras=False),
        Kolumn(_("Andel arbete eller studier (%)"), typ=ANDEL, taljare=4, namnare=3),
        Kolumn(_("Förväntad andel annat utfall (%)"), typ=MAL, summeras=False),
        Kolumn(_("Andel annat utfall (%)"), typ=ANDEL, taljare=5, namnare=3),
    ]
    rader = []
    for insats in u.insatser:
        for ar in u.ar:
            summor = aktiva_ar[ar] if flera_ar else aktiva
            antal = sum(v for (i, _k), v in summor.items() if i == insats.pk)
            kvinnor = summor.get((insats.pk, "K"), 0)
            mal = u.forvantat.get((insats.pk, ar))
            orsaker = {o: n for (i, a, o), n in avslut.items() if i == insats.pk and a == ar}
            if insats.registrerar_avslutsorsak:
                med_orsak = sum(n for o, n in orsaker.items() if o is not None)
                as_antal = sum(n for o, n in orsaker.items() if o in arbete_studier)
            else:
                med_orsak, as_antal = 0, None
            annat = None
            if mal and mal.annat_utfall_id and insats.registrerar_avslutsorsak:
                annat = sum(n for o, n in orsaker.items() if grupp_for.get(o) == mal.annat_utfall_id)
            rader.append(
                Rad(
                    f"{insats.namn} {ar}" if flera_ar else insats.namn,
                    [
                        mal.antal_deltagare if mal else None,
                        antal,
                        kvinnor,
                        med_orsak,
                        as_antal,
                        annat,
                        None,
                        mal.andel_kvinnor if mal else None,
                        None,
                        mal.andel_arbete_studier if mal else None,
                        None,
                        mal.andel_annat_utfall if mal else None,
                        None,
                    ],
                    {
                        "insats": insats.namn,
                        "kortnamn": insats.kortnamn,
                        "ar": ar,
                        "annat_utfall": mal.annat_utfall.namn if mal and mal.annat_utfall_id else None,
                    },
                )
            )
    noter = [
        _(
            "Utfallet avser den del av varje kalenderår som ligger i perioden; förväntat resultat "
            "avser helår. Tomma värden: inget förväntat resultat eller ej tillämpligt."
        ),
    ]
    if any(not i.registrerar_avslutsorsak for i in u.insatser):
        noter.append(_("Insatser som inte registrerar avslutsorsak saknar utfall för avslut."))
    return Tabell(
        rapport="malupfyllelse",
        titel=TITLAR["malupfyllelse"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        noter=noter,
    )
