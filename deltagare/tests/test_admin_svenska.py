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


def synliga_ord(svar) -> str:
    assert svar.status_code == 200
    return synlig_text(svar.text)


def test_the_admin_index_names_the_login_throttling_and_the_background_tasks_in_swedish(client, administrator):
    client.force_login(administrator)
    text = synliga_ord(client.get(reverse("admin:index")))
    assert "Inloggningsspärr" in text and "Bakgrundsuppgifter" in text
    assert "Axes" not in text and "Tasks Database Backend" not in text and "Task Results" not in text


def test_the_login_attempts_in_admin_are_swedish(client, administrator):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(username="nagon", ip_address="127.0.0.1", user_agent="x", failures_since_start=1)
    client.force_login(administrator)
    text = synliga_ord(client.get(reverse("admin:axes_accessattempt_changelist")))
    assert "Inloggningsförsök" in text and "försök kvar" in text and "IP-adress" in text
    for engelska in ("Attempt", "User Agent", "IP Address", "Locked Out", "Clean up"):
        assert engelska not in text, engelska


def test_the_background_tasks_in_admin_are_swedish(client, administrator):
    from deltagare.importexport.uppgifter import kor_import

    kor_import.enqueue(1, "granska")
    client.force_login(administrator)
    text = synliga_ord(client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")))
    assert "Bakgrundsuppgift" in text and "Väntar" in text
    for engelska in ("Task Result", "Ready", "enqueued", "Enqueued"):
        assert engelska not in text, engelska


@pytest.mark.parametrize(
    ("sida", "svenska", "engelska"),
    [
        ("import", ("Fil att importera", "Importen läser följande fält"), ("File to import", "This importer")),
        ("export", ("Exporten tar med följande fält", "Markera alla"), ("This exporter", "Select all")),
    ],
)
def test_the_code_lists_import_and_export_pages_are_swedish(client, administrator, sida, svenska, engelska):
    client.force_login(administrator)
    svar = client.get(reverse(f"admin:deltagare_utbildning_{sida}"))
    text = synliga_ord(svar)
    for ord in svenska:
        assert ord in text, ord
    for ord in engelska:
        assert ord not in text, ord
    assert 'value="Skicka"' in svar.text and 'value="Submit"' not in svar.text
