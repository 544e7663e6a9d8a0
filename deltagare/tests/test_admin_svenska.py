"""Admin in Swedish (issue 13, finding 3): the audit log with readable changes, two-factor devices
handled on the users, one date format."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from deltagare.models import Stadsdel, Utbildning
from deltagare.services import deltagare_spara

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db

ENGELSKA = ("AUDIT LOG", "Audit log", "RESOURCE", "Resource", ">Action<", "changes:", "change:", "access", "update",
            "TOTP", "OTP", "Log entries", "log entry")


def synlig_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def andrad_deltagare(administrator):
    deltagare = DeltagareFactory(deltagar_id="AP-77", utbildning=None)
    deltagare.utbildning = Utbildning.objects.get(kod="gymnasieutbildning")
    deltagare.stadsdel = Stadsdel.objects.get(kod="jarva")
    deltagare.kon = "M"
    deltagare.juridiskt_kon = "M"
    deltagare_spara(user=administrator, deltagare=deltagare)
    return deltagare


def test_the_audit_log_list_is_swedish(client, administrator, andrad_deltagare):
    client.force_login(administrator)
    svar = client.get(reverse("admin:auditlog_logentry_changelist"))
    text = synlig_text(svar.text)
    for ord in ENGELSKA:
        assert ord not in text, ord
    assert "Granskningslogg" in text
    assert "ändrad" in text
    assert "4 ändringar: Kön, Juridiskt kön, Utbildning, Stadsdel" in text


def test_an_audit_log_entry_shows_labels_names_and_no_raw_codes(client, administrator, andrad_deltagare):
    client.force_login(administrator)
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).get()
    text = synlig_text(client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).text)
    assert re.search(r"Kön\s+Kvinna\s+Man", text)
    assert re.search(r"Utbildning\s+–\s+Gymnasieutbildning", text)
    assert re.search(r"Stadsdel\s+–\s+Järva", text)
    assert "None" not in text
    assert re.search(r"\d{1,2} (jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec) \d{4} kl\. \d{2}\.\d{2}", text)


def test_the_admin_index_has_no_english_two_factor_models(client, administrator):
    client.force_login(administrator)
    text = synlig_text(client.get(reverse("admin:index")).text)
    assert "TOTP" not in text and "OTP" not in text
    assert "Granskningslogg" in text


def test_an_administrator_resets_a_lost_phone_from_the_user_list(client, administrator, leader_a):
    TOTPDevice.objects.create(user=leader_a, name="Autentiseringsapp", confirmed=True)
    StaticDevice.objects.create(user=leader_a, name="Reservkoder", confirmed=True)
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "aterstall_tvafaktor", "_selected_action": [leader_a.pk]},
        follow=True,
    )
    assert "Tvåfaktor återställd för 1 användare." in svar.text
    assert not TOTPDevice.objects.filter(user=leader_a).exists()
    assert not StaticDevice.objects.filter(user=leader_a).exists()


def test_kansli_cannot_reset_two_factor(client, kansli, leader_a):
    TOTPDevice.objects.create(user=leader_a, name="Autentiseringsapp", confirmed=True)
    client.force_login(kansli)
    client.post(reverse("admin:auth_user_changelist"), {"action": "aterstall_tvafaktor", "_selected_action": [leader_a.pk]})
    assert TOTPDevice.objects.filter(user=leader_a).exists()


def test_the_sort_menu_of_the_participant_list_is_swedish(client, leader_a, insats_a):
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:lista", args=[insats_a.pk])).text
    assert "descending" not in text
    assert "Startdatum (fallande)" in text
