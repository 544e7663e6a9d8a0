"""Table 18: data quality per insats."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..namn import TITLAR
from .tabell import ANDEL, Kolumn, Rad, Tabell
from .underlag import SAKNADE_FALT, Underlag

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
        Kolumn(_("Aktiva"), nyckel={"pop": "aktiva"}),
        Kolumn(_("Aktiva med samtycke"), nyckel={"pop": "aktiva", "samtycke": True}),
        *[Kolumn(_("Saknar %(falt)s") % {"falt": KVALITETSFALT[f]}) for f in SAKNADE_FALT],
        Kolumn(_("Avslutade"), nyckel={"pop": "avslutade"}),
        Kolumn(_("Avslutade med samtycke"), nyckel={"pop": "avslutade", "samtycke": True}),
        Kolumn(_("Saknar försörjning vid avslut")),
        Kolumn(_("Avslut utan orsak"), nyckel={"pop": "avslutade", "orsak": None}),
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
    cellnycklar: dict = {}
    # Columns that hold a fixed 0 for insatser without background or exit reasons: those cells,
    # and the totals over them, are not the counts their column names.
    fasta = {1: "registrerar_bakgrund", i_avslutade + 1: "registrerar_bakgrund", i_avslutade + 3: "registrerar_avslutsorsak"}
    for j, egenskap in fasta.items():
        utan = [i for i, insats in enumerate(u.insatser) if not getattr(insats, egenskap)]
        for i in utan:
            cellnycklar[("r", i, j)] = None
        if utan:
            cellnycklar[("s", j)] = None
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
        rader.append(
            Rad(
                u.namn(insats),
                varden + [None] * (len(kolumner) - len(varden)),
                u.insatsrad(insats),
                nyckel={"insats": insats.pk},
            )
        )
    noter = [
        _(
            "Saknade bakgrundsuppgifter räknas bland aktiva (och avslutade) med samtycke i insatser "
            "som registrerar bakgrund. Längre än förväntat och försenade uppföljningar gäller per "
            "%(dag)s."
        )
        % {"dag": u.per_dag.isoformat()},
    ]
    efter_slut = u.summor("oavslutade_efter_slut", per=("insats",))
    # Published, the note names the insatser only: a count beside it would escape the masking.
    oavslutade = [
        u.namn(i) if u.publicering else f"{u.namn(i)} ({efter_slut[(i.pk,)]})"
        for i in u.insatser
        if efter_slut.get((i.pk,))
    ]
    if oavslutade:
        noter.append(
            _(
                "Insatser som har slutat men har deltagare utan slutdatum (de räknas som aktiva efter "
                "insatsens slut tills de avslutas): %(insatser)s."
            )
            % {"insatser": ", ".join(oavslutade)}
        )
    utan_langd = [u.namn(i) for i in u.insatser if not i.forvantad_langd_manader]
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
        nyckel={},
        cellnycklar=cellnycklar,
    )
