"""The kansli's report pages: tables, charts and files; nobody else gets in."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from rapporter import ALLA_TABELLER, RAPPORTNAMN, TITLAR

from .halvar2025 import bygg_halvar_2025

pytestmark = pytest.mark.django_db

URVAL = {"period": "egen", "fran": "2025-01-01", "till": "2025-06-30"}
OVERSIKT = reverse("rapporter:oversikt")
XLSX = reverse("rapporter:ladda_ner", args=["xlsx"])
ZIP = reverse("rapporter:ladda_ner", args=["zip"])
DIAGRAM = reverse("rapporter:diagram", args=["aktiva", "svg"])
BOK = reverse("rapporter:ladda_ner", args=["docx"])


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


@pytest.mark.parametrize("url", [OVERSIKT, XLSX, ZIP, DIAGRAM, BOK])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    svar = client.get(url, URVAL)
    assert svar.status_code == 302
    assert svar["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [OVERSIKT, XLSX, ZIP, DIAGRAM, BOK])
def test_a_project_leader_is_refused(client, leader_a, url):
    client.force_login(leader_a)
    assert client.get(url, URVAL).status_code == 403
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_the_kansli_sees_every_table_of_the_period(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, URVAL)
    assert svar.status_code == 200
    html = svar.content.decode()
    for namn in RAPPORTNAMN:
        assert f'id="{namn}"' in html and TITLAR[namn] in html
    assert "Period 2025-01-01 – 2025-06-30" in html
    assert '<th scope="row">Myndighetsgemensamt team</th><td class="num">30</td><td class="num">14</td>' in html


def test_the_page_defaults_to_the_current_half_year(client, kansli):
    client.force_login(kansli)
    svar = client.get(OVERSIKT)
    assert svar.status_code == 200
    assert svar.context["tabeller"][0]["data"]["fran"][5:] in ("01-01", "07-01")


def test_a_bad_period_is_a_form_error_not_a_server_error(client, kansli):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, {"period": "egen", "fran": "2025-07-01", "till": "2025-06-30"})
    assert svar.status_code == 200
    assert "Periodens sista dag får inte vara före den första." in svar.content.decode()
    assert client.get(XLSX, {"period": "ar"}).status_code == 400


def test_a_link_without_a_period_but_with_dates_shows_those_dates(client, kansli):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, {"fran": "2025-01-01", "till": "2025-06-30"})
    assert svar.status_code == 200
    assert (svar.context["tabeller"][0]["data"]["fran"], svar.context["tabeller"][0]["data"]["till"]) == (
        "2025-01-01",
        "2025-06-30",
    )
    assert client.get(XLSX, {"fran": "2025-01-01", "till": "2025-06-30"}).status_code == 200


def test_a_link_naming_only_insatser_shows_the_current_half_year_and_no_period_error(client, kansli, insats_a):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, {"insatser": insats_a.kortnamn})
    assert svar.status_code == 200
    assert svar.context["form"].errors == {}
    assert svar.context["tabeller"][0]["data"]["fran"][5:] in ("01-01", "07-01")


@pytest.mark.parametrize(
    "urval, falt, meddelande",
    [
        ({"period": "egen", "fran": "2025-01-01"}, "Till", "Ange periodens sista dag."),
        ({"period": "okand"}, "Period", "Välj ett giltigt alternativ. okand finns inte bland tillgängliga alternativ."),
    ],
)
def test_an_incomplete_or_unknown_period_says_what_is_wrong_on_the_page_and_in_the_files(client, kansli, urval, falt, meddelande):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, urval)
    assert svar.status_code == 200 and svar.context["tabeller"] == []
    assert meddelande in svar.content.decode()
    fil = client.get(XLSX, urval)
    assert fil.status_code == 400
    assert fil.content.decode() == f"Ogiltigt urval: {falt}: {meddelande}"


def test_published_tables_show_masked_counts_as_dots(client, kansli, halvar):
    client.force_login(kansli)
    html = client.get(OVERSIKT, {**URVAL, "publicering": "on"}).content.decode()
    assert '<td class="num maskerad">..</td>' in html


def test_the_chart_is_an_svg_drawn_on_the_server(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(DIAGRAM, URVAL)
    assert svar.status_code == 200 and svar["Content-Type"] == "image/svg+xml"
    assert svar.content.lstrip().startswith(b"<?xml") and b"<svg" in svar.content
    assert b"Annan k\xc3\xb6nsidentitet" in svar.content  # the legend; no title in the image
    assert "Deltagare per insats och kön".encode() not in svar.content


def test_the_chart_downloads_as_png(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(reverse("rapporter:diagram", args=["flode", "png"]), {**URVAL, "ladda_ner": "1"})
    assert svar["Content-Type"] == "image/png" and svar.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert svar["Content-Disposition"] == 'attachment; filename="flode-2025-01-01-2025-06-30.png"'


def test_a_table_without_a_chart_has_none(client, kansli):
    client.force_login(kansli)
    assert client.get(reverse("rapporter:diagram", args=["datakvalitet", "svg"]), URVAL).status_code == 404


def test_a_period_without_data_says_in_swedish_why_there_are_no_figures(client, kansli, halvar):
    client.force_login(kansli)
    urval = {"period": "ar", "ar": "2020"}
    svar = client.get(reverse("rapporter:diagram", args=["aktiva", "png"]), urval)
    assert svar.status_code == 404 and svar["Content-Type"] == "text/plain; charset=utf-8"
    assert svar.content.decode() == "Det finns inget diagram för perioden: tabellen har inga deltagare."
    sidan = client.get(OVERSIKT, urval)
    aktiva = next(t for t in sidan.context["tabeller"] if t["data"]["rapport"] == "aktiva")
    assert aktiva["figur"] is None
    assert sidan.content.decode().count("Det finns inget diagram för perioden: tabellen har inga deltagare.") >= 3


def test_a_table_with_data_but_no_kind_of_figure_says_so_in_swedish(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(reverse("rapporter:diagram", args=["datakvalitet", "svg"]), URVAL)
    assert svar.status_code == 404 and svar.content.decode() == "Tabellen har inget diagram."
    okand = client.get(reverse("rapporter:diagram", args=["okand", "svg"]), URVAL)
    assert okand.status_code == 404 and okand.content.decode() == "Okänt diagram."


def test_excel_download_has_a_sheet_per_table_and_is_logged(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(XLSX, URVAL)
    assert svar.status_code == 200
    assert svar["Content-Disposition"] == 'attachment; filename="rapporter-2025-01-01-2025-06-30.xlsx"'
    bok = openpyxl.load_workbook(io.BytesIO(svar.content))
    assert len(bok.worksheets) == len(ALLA_TABELLER)
    assert bok.worksheets[1]["E10"].value == 381  # aktiva: Totalt of the total row
    logg = LogEntry.objects.get(object_pk="export")
    assert logg.actor == kansli
    assert logg.additional_data["filter"] == {
        "fran": "2025-01-01",
        "till": "2025-06-30",
        "insatser": None,
        "publicering": False,
    }


def test_csv_download_is_a_zip_with_one_file_per_table(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(ZIP, {**URVAL, "insatser": ["MGT", "Novum"]})
    arkiv = zipfile.ZipFile(io.BytesIO(svar.content))
    namn = arkiv.namelist()
    assert namn[:2] == ["01-flode.csv", "02-aktiva.csv"] and "noter.txt" in namn
    aktiva = list(csv.reader(io.StringIO(arkiv.read("02-aktiva.csv").decode("utf-8-sig")), delimiter=";"))
    assert aktiva[1:] == [
        ["Myndighetsgemensamt team", "30", "14", "1", "45"],
        ["Novum", "26", "36", "3", "65"],
        ["Totalt", "56", "50", "4", "110"],
    ]
    assert LogEntry.objects.get(object_pk="export").additional_data["filter"]["insatser"] == ["MGT", "Novum"]


def test_the_admin_links_the_administrator_to_the_reports(client, administrator):
    client.force_login(administrator)
    assert f'href="{OVERSIKT}"' in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("fran,till", [("0001-01-01", "0001-01-02"), ("1800-01-01", "2024-12-31"), ("2024-01-01", "9999-12-31")])
def test_a_period_outside_1900_to_2100_is_refused_with_a_message(client, kansli, fran, till):
    client.force_login(kansli)
    svar = client.get("/rapporter/", {"period": "egen", "fran": fran, "till": till})
    assert svar.status_code in (200, 400)
    assert "Ange datum mellan 1900-01-01 och 2100-12-31." in svar.content.decode()


def test_the_page_draws_its_figures_into_itself_from_one_computation(client, kansli, halvar, django_assert_max_num_queries):
    client.force_login(kansli)
    # Session (read and saved), user, the menu's access check and the form's insatser, then the
    # tables' own 16 queries (the period is before this year: what gallring froze is looked up):
    # none per figure.
    with django_assert_max_num_queries(24):
        svar = client.get(OVERSIKT, URVAL)
    html = svar.content.decode()
    assert html.count('<img src="data:image/svg+xml;base64,') == sum(1 for t in svar.context["tabeller"] if t["figur"])
    assert html.count("data:image/svg+xml") >= 12
    assert reverse("rapporter:diagram", args=["aktiva", "svg"]) not in html.split("<figcaption>")[0]


def test_the_page_shows_numbers_in_swedish_form(client, kansli, halvar):
    client.force_login(kansli)
    html = client.get(OVERSIKT, {**URVAL, "n_andel": "on"}).content.decode()
    assert '<td class="num">59 (31,1\u202f%)</td>' in html


def test_the_thresholds_are_chosen_on_the_page(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(OVERSIKT, {**URVAL, "publicering": "on", "troskel": "3", "minsta_bas": "20"})
    aktiva = next(t["data"] for t in svar.context["tabeller"] if t["data"]["rapport"] == "aktiva")
    assert aktiva["maskering"] == {"maskera_under": 3, "minsta_bas_for_andel": 20}
    synliga = [
        v
        for t in svar.context["tabeller"]
        for r in t["data"]["rader"]
        for v, typ in zip(r["varden"], t["data"]["kolumntyper"])
        if typ == "antal" and v is not None
    ]
    assert 3 in synliga and 4 in synliga  # under the default 5, shown with 3
    assert not {1, 2} & set(synliga)


def test_the_report_book_downloads_as_word_and_is_logged(client, kansli, halvar):
    client.force_login(kansli)
    svar = client.get(BOK, {**URVAL, "publicering": "on"})
    assert svar.status_code == 200
    assert svar["Content-Disposition"] == 'attachment; filename="rapportbok-2025-01-01-2025-06-30-publicering.docx"'
    assert svar.content[:2] == b"PK"
    logg = LogEntry.objects.get(object_pk="export")
    assert logg.additional_data["filter"]["maskera_under"] == 5
    assert "rapportbok" in logg.object_repr


@pytest.mark.parametrize(
    ("period", "fran", "till"),
    [("ar", "2024-01-01", "2024-12-31"), ("forsta", "2024-01-01", "2024-06-30"), ("andra", "2024-07-01", "2024-12-31")],
)
def test_the_year_field_chooses_the_whole_year_or_either_half(client, kansli, period, fran, till):
    from rapporter.forms import RapportForm

    form = RapportForm({"period": period, "ar": "2024"})
    assert form.is_valid()
    assert (form.cleaned_data["fran"].isoformat(), form.cleaned_data["till"].isoformat()) == (fran, till)


def test_a_half_of_a_year_needs_the_year(client, kansli):
    client.force_login(kansli)
    svar = client.get("/rapporter/", {"period": "forsta"})
    assert "Ange vilket år." in svar.content.decode()


def test_wide_tables_scroll_in_labelled_regions_reached_by_keyboard(client, kansli, halvar):
    client.force_login(kansli)
    html = client.get("/rapporter/", {"period": "egen", "fran": "2025-01-01", "till": "2025-06-30"}).content.decode()
    assert 'class="tabellram" role="region" tabindex="0" aria-labelledby="rubrik-datakvalitet"' in html


def test_a_period_not_yet_over_says_its_counts_are_as_of_today_in_every_table():
    from django.utils import timezone

    from rapporter import berakna_alla

    idag = timezone.localdate()
    till = idag + datetime.timedelta(days=366)
    tabeller = berakna_alla(fran=idag.replace(day=1), till=till)
    not_ = (
        f"Perioden har inte slutat (den slutar {till.isoformat()}). Antalen gäller per {idag.isoformat()}: den som "
        f"inte har avslutats räknas som aktiv perioden ut, och starter och avslut efter {idag.isoformat()} är inte med."
    )
    assert tabeller and all(not_ in tabell["noter"] for tabell in tabeller)
    forra_aret = berakna_alla(fran=datetime.date(idag.year - 1, 1, 1), till=datetime.date(idag.year - 1, 12, 31))
    assert not any("Perioden har inte slutat" in n for tabell in forra_aret for n in tabell["noter"])


def test_the_report_page_warns_that_masking_protects_one_publication_at_a_time(client, kansli):
    client.force_login(kansli)
    html = client.get(OVERSIKT).content.decode()
    assert (
        '<p class="not" id="id_publicering_helptext">Maskeringen gäller tabellerna i den här publiceringen. '
        "Publiceras också andra perioder som överlappar (t.ex. halvåret och helåret för samma år)"
    ) in html


def test_every_field_help_on_the_report_page_is_the_one_its_field_points_to(client, kansli):
    import re

    client.force_login(kansli)
    html = client.get(OVERSIKT).content.decode()
    hanvisningar = set(re.findall(r'aria-describedby="([^"]+)"', html))
    assert hanvisningar and all(f'id="{ident}"' in html for ident in hanvisningar)
