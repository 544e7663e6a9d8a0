"""The registerutdrag as a document for a person (issue 13, finding 4): labels and names instead of
codes, Swedish dates, a PDF; and the same access as the page."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from deltagare.models import Stadsdel
from deltagare.services import deltagare_spara
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

SVENSKT_DATUM = r"\d{1,2} (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec) \d{4}"
ISO_TID = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"


@pytest.fixture
def deltagare_a(leader_a, insats_a):
    deltagare = deltagare_spara(
        user=leader_a,
        deltagare=DeltagareFactory.build(insats=insats_a, deltagar_id="AP-77", utbildning=None, kon="K", juridiskt_kon=""),
    )
    deltagare.stadsdel = Stadsdel.objects.get(kod="jarva")
    return deltagare_spara(user=leader_a, deltagare=deltagare)


def synlig(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def utdrag(client, user, format: str | None = None):
    client.force_login(user)
    parametrar = {"insats": user.insatser.first().pk if user.insatser.exists() else 1, "deltagar_id": "AP-77"}
    if format:
        parametrar["format"] = format
    return client.get(reverse("dataskydd:registerutdrag"), parametrar)


def test_the_page_shows_labels_names_and_swedish_dates_not_internal_values(client, administrator, insats_a, deltagare_a):
    client.force_login(administrator)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77"})
    text = synlig(svar.text)
    assert "Registerutdrag för AP-77" in text
    assert "Deltagar-ID AP-77" in text
    assert "Startdatum 3 feb 2025" in text
    assert re.search(r"Stadsdel – Järva", text)
    assert re.search(r"Kön – Kvinna", text)
    assert "None" not in text
    assert not re.search(ISO_TID, text)
    assert re.search(SVENSKT_DATUM + r" kl\. \d{2}\.\d{2}", text)


def test_the_pdf_is_a_readable_swedish_document(client, administrator, insats_a, deltagare_a):
    client.force_login(administrator)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77", "format": "pdf"})
    assert svar["Content-Type"] == "application/pdf"
    assert svar["Content-Disposition"] == 'attachment; filename="registerutdrag-AP-77.pdf"'
    text = " ".join(sida.extract_text() for sida in PdfReader(io.BytesIO(svar.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Registerutdrag" in text
    assert "Aktivitetsplatsen" in text
    assert "Stadsdel: Järva" in text
    assert "Utbildning: –" not in text  # fields left empty at registration are not listed
    assert "Startdatum 3 feb 2025" in text
    assert "None" not in text
    assert not re.search(ISO_TID, text)


def test_a_non_ascii_deltagar_id_names_the_file_in_utf_8(client, administrator, leader_a, insats_a):
    deltagare_spara(
        user=leader_a,
        deltagare=DeltagareFactory.build(insats=insats_a, deltagar_id="Åsa-ö", utbildning=None, kon="K", juridiskt_kon=""),
    )
    client.force_login(administrator)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "Åsa-ö", "format": "json"})
    assert svar["Content-Disposition"] == "attachment; filename*=utf-8''registerutdrag-%C3%85sa-%C3%B6.json"


def test_the_pdf_for_a_leader_leaves_out_the_audit_history(client, leader_a, insats_a, deltagare_a):
    client.force_login(leader_a)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77", "format": "pdf"})
    text = " ".join(sida.extract_text() for sida in PdfReader(io.BytesIO(svar.content)).pages)
    assert "Ändringshistoriken tas med när en administratör tar fram utdraget." in re.sub(r"\s+", " ", text)


def test_another_insats_leader_gets_no_pdf(client, leader_b, insats_a, deltagare_a):
    client.force_login(leader_b)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77", "format": "pdf"})
    assert svar["Content-Type"].startswith("text/html")
    assert "AP-77" not in synlig(svar.text).replace('value="AP-77"', "")
    assert "Registerutdrag för AP-77" not in svar.text


def test_kansli_gets_no_pdf(client, kansli, insats_a, deltagare_a):
    client.force_login(kansli)
    svar = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77", "format": "pdf"})
    assert svar.status_code == 403
