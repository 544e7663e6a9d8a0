"""The targets of the old ForvantatResultat become goals (insatser/migrations/0003)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FORE = [("insatser", "0002_mal")]


@pytest.fixture
def migrering(transactional_db, grunddata_efter_modulen):
    executor = MigrationExecutor(connection)
    executor.migrate(FORE)
    yield executor
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_old_targets_become_goals_of_the_right_kinds(migrering):
    gamla = migrering.loader.project_state(FORE).apps
    Insats = gamla.get_model("insatser", "Insats")
    ForvantatResultat = gamla.get_model("insatser", "ForvantatResultat")
    Avslutsgrupp = gamla.get_model("deltagare", "Avslutsgrupp")
    novum = Insats.objects.get(kortnamn="Novum")
    ForvantatResultat.objects.create(
        insats=novum,
        ar=2024,
        antal_deltagare=75,
        andel_kvinnor=50,
        andel_arbete_studier=40,
        annat_utfall=Avslutsgrupp.objects.get(kod="fortsatt-rehabilitering"),
        andel_annat_utfall=30,
    )
    ForvantatResultat.objects.create(insats=novum, ar=2025, antal_deltagare=80)

    migrering.loader.build_graph()
    migrering.migrate(migrering.loader.graph.leaf_nodes())

    from insatser.models import Mal

    mal_2024 = {m.typ + m.beskrivning: m for m in Mal.objects.filter(insats__kortnamn="Novum", ar=2024)}
    assert (mal_2024["deltagare"].antal, mal_2024["deltagare"].andel_kvinnor) == (75, 50)
    arbete_studier = mal_2024["utfallAndel avslutade till arbete eller studier"]
    assert arbete_studier.andel == 40
    assert sorted(arbete_studier.avslutsorsaker.values_list("kod", flat=True)) == ["arbete", "studier"]
    annat = mal_2024["utfallAndel avslutade till Fortsatt rehabilitering"]
    assert (annat.andel, list(annat.avslutsgrupper.values_list("kod", flat=True))) == (30, ["fortsatt-rehabilitering"])
    # The fixture's target for the same insats and year updates the copied one: still one goal.
    ar_2025 = Mal.objects.get(insats__kortnamn="Novum", ar=2025, typ="deltagare")
    assert (ar_2025.antal, ar_2025.beskrivning) == (80, "80 deltagare vid årets slut")
