"""One masking pattern per publication (docs/regler.md §3): what every cell counts, and that no
hidden count can be computed from all tables of the page, the Excel file and the report book
together (checked independently, rapporter/tests/gemensam.py)."""

import datetime

import pytest

from deltagare.models import Aldersgrupp
from insatser.models import Insats
from rapporter import Alternativ
from rapporter.tabeller import berakna_tabeller
from rapporter.tabeller.maskering import maskera
from rapporter.tabeller.tabell import sla_ihop

from . import gemensam
from .halvar2025 import FRAN, TILL, bygg_halvar_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def tabeller(alternativ: Alternativ, **period):
    period = period or {"fran": FRAN, "till": TILL}
    return berakna_tabeller(**period, alternativ=alternativ)


def rader(fran=FRAN, till=TILL) -> gemensam.Rader:
    return gemensam.Rader(fran, till, list(Aldersgrupp.objects.all()))


def test_every_key_counts_what_its_cell_shows(halvar):
    kontroll = rader()
    for alternativ in (Alternativ(), Alternativ(publicering=True, troskel=1)):
        for tabell in tabeller(alternativ):
            for cell, antal in tabell.celler().items():
                nyckel = tabell.nyckel_for(cell)
                if nyckel is not None:
                    assert gemensam.varde(kontroll, nyckel) == antal, (tabell.rapport, cell, nyckel)


def test_rows_left_out_as_empty_count_nobody(halvar):
    kontroll = rader()
    for tabell in tabeller(Alternativ()):
        for nyckel in tabell.nollnycklar:
            assert gemensam.varde(kontroll, sla_ihop(tabell.nyckel, nyckel)) == 0, (tabell.rapport, nyckel)


def test_no_hidden_count_of_the_2025_publication_can_be_computed_from_all_its_tables(halvar):
    publicerade = tabeller(Alternativ(publicering=True))
    originalen = tabeller(Alternativ(publicering=True, troskel=1))
    vid_start = set(Insats.objects.filter(raknesatt="start").values_list("pk", flat=True))
    assert any(t.maskerad for t in publicerade)
    assert gemensam.avslojbara(publicerade, originalen, rader=rader(), vid_start=vid_start) == set()


def test_a_count_shown_in_two_tables_is_hidden_in_both_or_neither(halvar):
    publicerade = tabeller(Alternativ(publicering=True))
    originalen = tabeller(Alternativ(publicering=True, troskel=1))
    visad: dict = {}
    for pub, orig in zip(publicerade, originalen):
        for cell in orig.celler():
            nyckel = pub.nyckel_for(cell)
            if nyckel is None:
                continue
            id_ = repr(sorted((k, sorted(v, key=repr) if isinstance(v, frozenset) else v) for k, v in nyckel.items()))
            visad.setdefault(id_, set()).add(cell in pub.celler())
    assert all(len(v) == 1 for v in visad.values())


def test_the_check_finds_what_tables_masked_one_by_one_reveal_together(halvar):
    """The independent check is not blind: masking each table on its own (the former way) lets
    a hidden count be read off another table."""
    originalen = tabeller(Alternativ(publicering=True, troskel=1))
    var_for_sig = tabeller(Alternativ(publicering=True, troskel=1))
    for tabell in var_for_sig:
        maskera(tabell, grans=5)
    vid_start = set(Insats.objects.filter(raknesatt="start").values_list("pk", flat=True))
    avslojade = gemensam.avslojbara(var_for_sig, originalen, rader=rader(), vid_start=vid_start)
    # Annan könsidentitet in MGT: hidden in Tabell 1, the same count as in Tabell 2 (counting rule).
    assert ("aktiva", ("r", 0, 2)) in avslojade


def test_the_excel_file_shows_exactly_the_publication(halvar):
    """The file goes out with the page: every count it shows is the publication's, and it
    hides what the publication hides (so the check above covers it)."""
    import io

    import openpyxl

    from rapporter import berakna_alla
    from rapporter.export import som_xlsx
    from rapporter.visning import visa

    alternativ = Alternativ(publicering=True)
    tabeller_ = berakna_alla(fran=FRAN, till=TILL, alternativ=alternativ)
    bok = openpyxl.load_workbook(io.BytesIO(som_xlsx(tabeller_, alternativ)))
    for blad, tabell in zip(bok.worksheets, tabeller_):
        visning = visa(tabell, alternativ)
        for nr, rad in enumerate(visning.rader, start=5):
            for j, cell in enumerate(rad.celler, start=2):
                if cell.typ != "antal":
                    continue
                varde = blad.cell(row=nr, column=j).value
                assert varde == (".." if cell.maskerad else cell.varde if cell.varde is not None else None), (
                    tabell["rapport"],
                    rad.etikett,
                )


@pytest.fixture
def halvar_med_mal(halvar):
    """The half-year with lots and arbetsträning for some participants and goals of every
    counted kind, so that table 14 has rows of each kind."""
    from deltagare.models import Avslutsorsak, Deltagare
    from insatser.models import Mal

    novum = Insats.objects.get(kortnamn="Novum")
    till_arbete = Mal.objects.create(insats=novum, ar=2025, typ="utfall", andel=40, beskrivning="Till arbete eller studier")
    till_arbete.avslutsorsaker.set(Avslutsorsak.objects.filter(kod__in=["arbete", "studier"]))
    Mal.objects.create(insats=novum, ar=2025, typ="lots", andel=20)
    Mal.objects.create(insats=novum, ar=2025, typ="arbetstraning", antal=10)
    ids = list(Deltagare.objects.order_by("pk").values_list("pk", flat=True))
    Deltagare.objects.filter(pk__in=ids[::4]).update(lots=True)
    Deltagare.objects.filter(pk__in=ids[::9]).update(arbetstraning=True)
    return novum


def test_table_14_counts_are_the_counts_of_the_other_tables(halvar_med_mal):
    kontroll = rader()
    alla = {t.rapport: t for t in tabeller(Alternativ())}
    mal, aktiva, flode = alla["malupfyllelse"], alla["aktiva"], alla["flode"]
    etiketter = [r.etikett for r in mal.rader]
    novum = halvar_med_mal
    utfall = mal.kolumner.index(next(k for k in mal.kolumner if k.etikett == "Utfall"))
    # The participants of Novum: the same count as its total in table 2.
    i_aktiva = [r.etikett for r in aktiva.rader].index("Novum")
    totalt = next(j for j, k in enumerate(aktiva.kolumner) if k.etikett == "Totalt")
    assert mal.nyckel_for(("r", etiketter.index("Novum"), utfall)) == aktiva.nyckel_for(("r", i_aktiva, totalt))
    # With lots: a part of table 1's row "Varav med lots".
    lots = mal.nyckel_for(("r", etiketter.index("Novum – Med lots"), utfall))
    assert lots == {"pop": "aktiva", "insats": novum.pk, "lots": True}
    assert flode.nyckel_for(("e", 0, 0)) == {"pop": "aktiva", "lots": True}
    for tabell in (mal, flode):
        nycklade = 0
        for cell, antal in tabell.celler().items():
            nyckel = tabell.nyckel_for(cell)
            if nyckel is not None:
                nycklade += 1
                assert gemensam.varde(kontroll, nyckel) == antal, (tabell.rapport, cell, nyckel)
        assert nycklade


def test_no_hidden_count_can_be_computed_with_the_goals_and_support_of_table_14(halvar_med_mal):
    publicerade = tabeller(Alternativ(publicering=True))
    originalen = tabeller(Alternativ(publicering=True, troskel=1))
    mal = next(t for t in publicerade if t.rapport == "malupfyllelse")
    assert mal.maskerad
    vid_start = set(Insats.objects.filter(raknesatt="start").values_list("pk", flat=True))
    assert gemensam.avslojbara(publicerade, originalen, rader=rader(), vid_start=vid_start) == set()


def test_table_14_over_several_years_counts_each_years_participants(halvar_med_mal):
    period = {"fran": datetime.date(2024, 1, 1), "till": datetime.date(2025, 12, 31)}
    kontroll = rader(**period)
    mal = next(t for t in tabeller(Alternativ(), **period) if t.rapport == "malupfyllelse")
    etiketter = [r.etikett for r in mal.rader]
    assert "Novum 2024" in etiketter and "Novum 2025 – Med lots" in etiketter
    nycklade = 0
    for cell, antal in mal.celler().items():
        nyckel = mal.nyckel_for(cell)
        if nyckel is not None:
            nycklade += 1
            assert gemensam.varde(kontroll, nyckel) == antal, (cell, nyckel)
    assert nycklade > 20
