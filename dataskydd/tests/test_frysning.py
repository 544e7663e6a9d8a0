"""Reports that gallring never changes (docs/regler.md §5): every table, for every selection of
one, two and all insatser and each half-year, year and the multi-year period, is the same
after gallring as before; a period that cannot be answered exactly says so in a note."""

import datetime
import itertools

import pytest

from dataskydd.models import GallradUppfoljning, GallratHalvar
from dataskydd.services import gallra
from deltagare.models import Deltagare, Uppfoljning
from insatser.models import Insats
from rapporter import berakna, berakna_alla, finsam_export

from .generator import INSATSER, skapa

pytestmark = pytest.mark.django_db

D = datetime.date
IDAG = D(2026, 1, 5)  # gallras: ended 2023 or earlier
HALVAR = [(D(ar, 1, 1), D(ar, 6, 30)) for ar in range(2021, 2026)] + [(D(ar, 7, 1), D(ar, 12, 31)) for ar in range(2021, 2026)]
AR = [(D(ar, 1, 1), D(ar, 12, 31)) for ar in range(2021, 2026)]
FLERA_AR = [(D(2021, 1, 1), D(2025, 12, 31)), (D(2021, 7, 1), D(2023, 12, 31))]
PERIODER = sorted(HALVAR) + AR + FLERA_AR
# Keys that say how a table was made, not what it counts.
OM_TABELLEN = {"noter", "gallring"}


def urval() -> list[list[Insats] | None]:
    insatser = [Insats.objects.get(kortnamn=k) for k in INSATSER]
    return [None, *[[i] for i in insatser], *[list(par) for par in itertools.combinations(insatser, 2)], insatser]


def siffror(tabell: dict) -> dict:
    return {k: v for k, v in tabell.items() if k not in OM_TABELLEN}


def alla_rapporter(urval_, perioder, publicering=False) -> dict:
    return {
        (None if val is None else tuple(i.kortnamn for i in val), fran, till): berakna_alla(
            fran=fran, till=till, insatser=val, publicering=publicering
        )
        for val in urval_
        for fran, till in perioder
    }


@pytest.fixture
def data(django_db_blocker):
    rader = skapa()
    assert Deltagare.objects.filter(slutdatum__lte=D(2023, 12, 31)).count() > 40
    assert Uppfoljning.objects.filter(deltagare__slutdatum__lte=D(2023, 12, 31), utford_datum__isnull=False).exists()
    return rader


def test_every_report_for_every_selection_and_whole_period_is_the_same_after_gallring(data):
    val = urval()
    fore = alla_rapporter(val, PERIODER)
    resultat = gallra(idag=IDAG, dry_run=False)
    assert resultat.antal > 40
    assert not Deltagare.objects.filter(slutdatum__lte=D(2023, 12, 31)).exists()
    efter = alla_rapporter(val, PERIODER)
    for nyckel, tabeller in fore.items():
        for fore_tabell, efter_tabell in zip(tabeller, efter[nyckel], strict=True):
            assert siffror(efter_tabell) == siffror(fore_tabell), (nyckel, fore_tabell["rapport"])
            if nyckel[2] <= D(2023, 12, 31) and efter_tabell["summa"] != {"etikett": "Totalt", "varden": []}:
                gallring = efter_tabell.get("gallring")
                if gallring is not None:
                    assert gallring["exakt"], (nyckel, efter_tabell["rapport"])


def test_published_tables_are_masked_from_the_summed_counts_as_before(data):
    val = [None, [Insats.objects.get(kortnamn="Aktivitetsplatsen"), Insats.objects.get(kortnamn="Novum")]]
    perioder = AR[:3] + FLERA_AR
    fore = alla_rapporter(val, perioder, publicering=True)
    gallra(idag=IDAG, dry_run=False)
    efter = alla_rapporter(val, perioder, publicering=True)
    for nyckel, tabeller in fore.items():
        for fore_tabell, efter_tabell in zip(tabeller, efter[nyckel], strict=True):
            assert siffror(efter_tabell) == siffror(fore_tabell), (nyckel, fore_tabell["rapport"])


def test_several_years_of_exit_groups_are_the_same_after_gallring(data):
    fore = berakna("flerar", fran=D(2021, 1, 1), till=D(2023, 12, 31))
    gallra(idag=IDAG, dry_run=False)
    efter = berakna("flerar", fran=D(2021, 1, 1), till=D(2023, 12, 31))
    assert sum(efter["summa"]["varden"][:3]) > 0
    assert siffror(efter) == siffror(fore)
    assert efter["gallring"]["exakt"] is True
    assert "Uppgifter före 2024-01-01 har gallrats." in efter["noter"][-1]


def test_uppfoljning_finsam_is_the_same_after_gallring(data):
    fore = {(fran, till): finsam_export(fran=fran, till=till) for fran, till in AR + FLERA_AR}
    gallra(idag=IDAG, dry_run=False)
    for (fran, till), tabell in fore.items():
        efter = finsam_export(fran=fran, till=till)
        assert {k: efter[k] for k in ("insatser", "summa")} == {k: tabell[k] for k in ("insatser", "summa")}, fran


def test_a_period_that_cuts_a_half_year_with_removed_participants_says_so(data):
    gallra(idag=IDAG, dry_run=False)
    for tabell in berakna_alla(fran=D(2022, 3, 1), till=D(2022, 12, 31)):
        assert tabell["gallring"]["exakt"] is False, tabell["rapport"]
        assert tabell["noter"][-1].startswith(
            "Uppgifter före 2024-01-01 har gallrats, och perioden börjar eller slutar mitt i ett halvår där "
            "gallrade deltagare räknades ("
        ), tabell["rapport"]
    finsam = finsam_export(fran=D(2022, 3, 1), till=D(2022, 12, 31))
    assert finsam["gallring"]["exakt"] is False
    assert "kan inte räknas exakt" in finsam["noter"][0]


def test_periods_after_the_last_possible_gallring_cost_no_lookup(data, django_assert_num_queries):
    gallra(idag=IDAG, dry_run=False)
    with django_assert_num_queries(1):
        finsam_export(fran=D(2026, 1, 1), till=D(2026, 6, 30))


def test_a_second_gallring_adds_to_what_the_first_froze(data):
    val = urval()[:3]
    fore = alla_rapporter(val, AR + FLERA_AR[:1])
    gallra(idag=D(2025, 1, 5), dry_run=False)  # ended 2022 or earlier
    forsta = GallratHalvar.objects.count()
    gallra(idag=IDAG, dry_run=False)  # and now 2023
    assert GallratHalvar.objects.count() > forsta
    efter = alla_rapporter(val, AR + FLERA_AR[:1])
    for nyckel, tabeller in fore.items():
        for fore_tabell, efter_tabell in zip(tabeller, efter[nyckel], strict=True):
            assert siffror(efter_tabell) == siffror(fore_tabell), (nyckel, fore_tabell["rapport"])


def test_only_counts_are_frozen_never_a_row(data):
    gallra(idag=IDAG, dry_run=False)
    for post in GallratHalvar.objects.all():
        text = str(post.data)
        assert "G-0" not in text  # no deltagar-ID
        assert set(post.data) == {"flode", "borjade", "fordelning", "forsenade"}
    assert GallradUppfoljning.objects.exists()
    assert set(GallradUppfoljning._meta.get_fields()) and not any(
        f.name in ("deltagare", "deltagar_id") for f in GallradUppfoljning._meta.get_fields()
    )
