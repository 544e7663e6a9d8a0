"""Findings 1 and 2: the 1.8 KB dimension bomb, a zip bomb and the 8 MB CSV of four million
columns, through the command and through the web with the real task worker. Each is refused
with a Swedish message, nothing is written, the run keeps no file, and the server goes on
answering other users while the worker deals with them."""

import io
import re
import threading
import urllib.request

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from deltagare.models import Deltagare, ImportFilbit, ImportKorning, ImportRad

from ..kolumner import Radfel
from .conftest import ladda_upp
from .filer import dimensionsbomb, kolumnbomb_csv, zipbomb

BOMBER = [
    (
        "dimension.xlsx",
        dimensionsbomb,
        "Bladet Deltagare anger att det sträcker sig till cell XFD1048576 (16384 kolumner och 1048576 rader); högst 100 "
        "kolumner och 1100000 rader läses. Ta bort tomma rader och kolumner längst ut och spara filen igen.",
    ),
    (
        "zipbomb.xlsx",
        zipbomb,
        r"Filen är packad 10\d\d gånger \(högst 200 gånger godtas\): den liknar en zip-bomb och avvisades.",
    ),
    (
        "kolumner.csv",
        kolumnbomb_csv,
        "rad 1: Raden är för lång (fler än 100 kolumner eller mycket långa celler).",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("namn", "fil", "meddelande"), BOMBER, ids=[b[0] for b in BOMBER])
def test_a_bomb_given_to_the_command_fails_with_a_message(tmp_path, namn, fil, meddelande):
    sokvag = tmp_path / namn
    sokvag.write_bytes(fil())
    fel = io.StringIO()
    with pytest.raises(CommandError, match="Importen avbröts: 1 fel. Inget sparades."):
        call_command("import_deltagare", str(sokvag), stderr=fel)
    assert re.fullmatch(meddelande if namn == "zipbomb.xlsx" else re.escape(meddelande), fel.getvalue().strip())
    assert not Deltagare.objects.exists() and not ImportKorning.objects.exists()


class Besokare(threading.Thread):
    """Another user's browser: fetches a page of the live server over and over."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stopp, self.svar = url, threading.Event(), []

    def run(self):
        while not self.stopp.is_set():
            with urllib.request.urlopen(self.url, timeout=30) as svar:
                self.svar.append(svar.status)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen")
def test_bombs_uploaded_on_the_web_fail_with_messages_while_the_server_keeps_answering(
    client, leader_a, live_server, arbetare
):
    besokare = Besokare(f"{live_server.url}{reverse('login')}")
    besokare.start()
    client.force_login(leader_a)
    korningar = []
    for namn, fil, meddelande in BOMBER:
        svar = ladda_upp(client, fil(), namn)
        assert svar.status_code == 302
        arbetare()
        korning = ImportKorning.objects.get(filnamn=namn)
        korningar.append(korning)
        sida = client.get(svar.url).content.decode()
        assert korning.status == ImportKorning.Status.FEL
        texter = [str(Radfel.from_list(f)) for f in korning.fel]
        assert len(texter) == 1 and re.fullmatch(meddelande if namn == "zipbomb.xlsx" else re.escape(meddelande), texter[0])
        assert korning.fel[0][2] in sida
    besokare.stopp.set()
    besokare.join(timeout=30)
    assert besokare.svar and set(besokare.svar) == {200}
    assert not Deltagare.objects.exists() and not ImportFilbit.objects.exists() and not ImportRad.objects.exists()
    # The same worker and web server take the next, ordinary file as usual.
    assert client.get(reverse("importexport:import")).status_code == 200
