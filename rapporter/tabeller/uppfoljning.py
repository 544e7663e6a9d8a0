"""Tables 14 and 18: förväntat resultat against the outcome, and data quality per insats."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..namn import TITLAR
from .tabell import ANDEL, MAL, Kolumn, Rad, Tabell
from .underlag import SAKNADE_FALT, Underlag


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


KVALITETSFALT = {
    "fodelsear": gettext_lazy("födelseår"),
    "utbildning": gettext_lazy("utbildning"),
    "tid_utan_arbete": gettext_lazy("tid utan arbete"),
    "forsorjning_start": gettext_lazy("försörjning vid start"),
    "anmalande_part": gettext_lazy("anmälande part"),
    "stadsdel": gettext_lazy("stadsdel"),
}


def datakvalitet(u: Underlag) -> Tabell:
    """Table 18: missing background, overlong participations, overdue follow-ups, exits
    without reason — per insats, counts first, then shares."""
    per = ("insats", "samtycke")
    matt = ["aktiva", "avslutade", "saknar_forsorjning_slut", "langre_an_forvantat", "avslutade_utan_orsak"]
    matt += [f"saknar_{f}" for f in SAKNADE_FALT]
    summor = {m: u.summor(m, per=per) for m in matt}

    def med(m, insats, samtycke=(True, False)):
        return sum(summor[m].get((insats.pk, s), 0) for s in samtycke)

    kolumner = [
        Kolumn(_("Aktiva")),
        Kolumn(_("Aktiva med samtycke")),
        *[Kolumn(_("Saknar %(falt)s") % {"falt": KVALITETSFALT[f]}) for f in SAKNADE_FALT],
        Kolumn(_("Avslutade")),
        Kolumn(_("Avslutade med samtycke")),
        Kolumn(_("Saknar försörjning vid avslut")),
        Kolumn(_("Avslut utan orsak")),
        Kolumn(_("Aktiva längre än förväntad längd utan avslut")),
        Kolumn(_("Försenade uppföljningar")),
    ]
    n_falt = len(SAKNADE_FALT)
    i_avslutade = 2 + n_falt
    kolumner += [
        Kolumn(f"{kolumner[2 + k].etikett} (%)", typ=ANDEL, taljare=2 + k, namnare=1) for k in range(n_falt)
    ]
    kolumner += [
        Kolumn(f"{kolumner[i_avslutade + 2].etikett} (%)", typ=ANDEL, taljare=i_avslutade + 2, namnare=i_avslutade + 1),
        Kolumn(f"{kolumner[i_avslutade + 3].etikett} (%)", typ=ANDEL, taljare=i_avslutade + 3, namnare=i_avslutade),
        Kolumn(f"{kolumner[i_avslutade + 4].etikett} (%)", typ=ANDEL, taljare=i_avslutade + 4, namnare=0),
    ]
    rader = []
    for insats in u.insatser:
        bakgrund = insats.registrerar_bakgrund
        varden = [
            med("aktiva", insats),
            med("aktiva", insats, (True,)) if bakgrund else 0,
            *[med(f"saknar_{f}", insats, (True,)) if bakgrund else 0 for f in SAKNADE_FALT],
            med("avslutade", insats),
            med("avslutade", insats, (True,)) if bakgrund else 0,
            med("saknar_forsorjning_slut", insats, (True,)) if bakgrund else 0,
            med("avslutade_utan_orsak", insats) if insats.registrerar_avslutsorsak else 0,
            med("langre_an_forvantat", insats) if insats.forvantad_langd_manader else 0,
            u.forsenade_uppfoljningar.get(insats.pk, 0),
        ]
        rader.append(Rad(insats.namn, varden + [None] * (len(kolumner) - len(varden)), {"kortnamn": insats.kortnamn}))
    noter = [
        _(
            "Saknade bakgrundsuppgifter räknas bland aktiva (och avslutade) med samtycke i insatser "
            "som registrerar bakgrund. Längre än förväntat och försenade uppföljningar gäller per "
            "%(dag)s."
        )
        % {"dag": u.per_dag.isoformat()},
    ]
    utan_langd = [i.namn for i in u.insatser if not i.forvantad_langd_manader]
    if utan_langd:
        noter.append(_("Förväntad längd saknas för: %(insatser)s.") % {"insatser": ", ".join(utan_langd)})
    return Tabell(
        rapport="datakvalitet",
        titel=TITLAR["datakvalitet"],
        fran=u.fran,
        till=u.till,
        kolumner=kolumner,
        rader=rader,
        noter=noter,
    )
