"""Fuzz test of the import (hypothesis): malformed .xlsx and .csv content is refused with
messages, or imported whole; never an unhandled error, never part of a file written."""

import datetime
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from deltagare.importexport.kolumner import RUBRIKER
from deltagare.importexport.services import importera_deltagare
from deltagare.importexport.tests.filer import csv_fil, rad, xlsx
from deltagare.models import Deltagare

pytestmark = pytest.mark.django_db


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

skrap = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(min_size=300, max_size=600),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.sampled_from(["=HYPERLINK(\"x\")", "2025-13-45", "Ja ", "nej", "KVINNA", "1-2 år", "\x00", "٣", "0", "-1"]),
)


@st.composite
def rader(draw):
    """Valid rows with some cells, headers or rows damaged, so every path is reached."""
    antal = draw(st.integers(min_value=1, max_value=4))
    data = [rad(Deltagar_ID=f"AP-F{i}") for i in range(antal)]
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        rubrik = draw(st.sampled_from(RUBRIKER))
        data[draw(st.integers(min_value=0, max_value=antal - 1))][rubrik] = draw(skrap)
    rubriker = list(RUBRIKER)
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        rubriker[draw(st.integers(min_value=0, max_value=len(rubriker) - 1))] = draw(st.text(max_size=10))
    return data, rubriker


def xlsx_med_fria_celler(data, rubriker) -> bytes:
    bok = Workbook()
    blad = bok.active
    blad.append([ILLEGAL_CHARACTERS_RE.sub("", r) for r in rubriker])
    for rad_ in data:
        rad_varden = []
        for rubrik in rubriker:
            varde = rad_.get(rubrik)
            if isinstance(varde, str):
                # Excel files cannot hold control characters; openpyxl refuses to write them.
                varde = ILLEGAL_CHARACTERS_RE.sub("", varde)
            if isinstance(varde, float) and varde != varde:
                varde = None
            rad_varden.append(varde)
        blad.append(rad_varden)
    out = io.BytesIO()
    bok.save(out)
    return out.getvalue()


def kontrollera(innehall: bytes, filnamn: str, antal_rader: int) -> str:
    # Examples share the test's database: each starts without participants and leaves none.
    assert not Deltagare.objects.exists()
    resultat = importera_deltagare(user=None, innehall=innehall, filnamn=filnamn)
    sparade = Deltagare.objects.all()
    try:
        if resultat.fel:
            assert not sparade.exists()
            assert all(str(fel) for fel in resultat.fel)
            return "avvisad"
        assert sparade.count() == antal_rader
        for deltagare in sparade:
            deltagare.full_clean()
        return "importerad"
    finally:
        sparade.delete()


@FUZZ
@given(fil=rader())
def test_damaged_xlsx_is_refused_or_imported_whole(fil):
    data, rubriker = fil
    innehall = xlsx_med_fria_celler(data, rubriker)
    event(kontrollera(innehall, "deltagare.xlsx", len(data)))


@FUZZ
@given(fil=rader(), avgransare=st.sampled_from([";", ",", "\t"]), kodning=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]))
def test_damaged_csv_is_refused_or_imported_whole(fil, avgransare, kodning):
    data, rubriker = fil
    try:
        innehall = csv_fil(data, rubriker, avgransare=avgransare, kodning=kodning)
    except UnicodeEncodeError:
        event("kan inte kodas")
        return
    event(kontrollera(innehall, "deltagare.csv", len(data)))


@FUZZ
@given(innehall=st.binary(max_size=2000), filnamn=st.sampled_from(["a.xlsx", "a.csv", "a.xls", "a", "a.XLSX"]))
def test_arbitrary_bytes_are_refused_with_a_message(innehall, filnamn):
    resultat = importera_deltagare(user=None, innehall=innehall, filnamn=filnamn)
    assert resultat.fel
    assert not Deltagare.objects.exists()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(innehall=st.binary(max_size=500))
def test_the_web_import_never_answers_with_a_server_error(client, leader_a, innehall):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(leader_a)
    client.raise_request_exception = False
    svar = client.post(reverse("importexport:import"), {"fil": SimpleUploadedFile("deltagare.xlsx", innehall)})
    assert svar.status_code in (200, 302)
    assert not Deltagare.objects.exists()


def test_a_valid_file_still_imports():
    assert kontrollera(xlsx([rad(Deltagar_ID="AP-F0")]), "deltagare.xlsx", 1) == "importerad"
