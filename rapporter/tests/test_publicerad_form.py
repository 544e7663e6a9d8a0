"""The published form (docs/regler.md §3): Swedish numbers, column order, "n (x %)" cells,
short labels, figures in the reports' form, and the files that show them."""

import csv
import io
import zipfile

import openpyxl
import pytest

from rapporter import Alternativ, berakna, berakna_alla
from rapporter.export import som_csv_zip, som_xlsx
from rapporter.figurer import figur_for, png, svg
from rapporter.visning import antal, procent, visa

from .halvar2025 import FRAN, TILL, bygg_halvar_2025

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def test_counts_have_a_narrow_space_between_thousands_and_shares_a_comma_and_percent_sign():
    assert antal(1034) == f"1{NNBSP}034" and antal(381) == "381"
    assert procent(9.4) == f"9,4{NNBSP}%" and procent(100.0) == f"100,0{NNBSP}%"


def test_the_default_json_is_unchanged_by_the_form_options(halvar):
    standard = berakna("aktiva", fran=FRAN, till=TILL)
    med_form = berakna("aktiva", fran=FRAN, till=TILL, alternativ=Alternativ(totalt_forst=True, n_andel=True, esf=True))
    assert standard == med_form
    assert standard["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]


def test_totalt_first_puts_the_total_column_before_the_kon(halvar):
    visning = visa(berakna("aktiva", fran=FRAN, till=TILL), Alternativ(totalt_forst=True))
    assert visning.kolumner == ["Totalt", "Kvinnor", "Män", "Annan könsidentitet"]
    assert [c.text for c in visning.rader[0].celler] == ["45", "30", "14", "1"]


def test_n_andel_puts_each_share_beside_its_count(halvar):
    visning = visa(berakna("avslutsorsak", fran=FRAN, till=TILL), Alternativ(n_andel=True))
    assert visning.kolumner[-1] == "Totalt (andel)"
    medicinsk = next(r for r in visning.rader if r.etikett.startswith("Medicinsk"))
    assert medicinsk.celler[-1].text == f"59 (31,1{NNBSP}%)"


def test_short_labels_and_esf_as_in_the_published_tables(halvar):
    alternativ = Alternativ(korta_etiketter=True, esf=True)
    orsaker = visa(berakna("avslutsorsak", fran=FRAN, till=TILL), alternativ)
    assert "Medicinsk/vård/utredning" in [r.etikett for r in orsaker.rader]
    aktiva = visa(berakna("aktiva", fran=FRAN, till=TILL), alternativ)
    assert [r.etikett for r in aktiva.rader][:3] == ["Myndighetsgemensamt team", "Aktivitetsplatsen", "Novum (ESF)"]


def test_masked_cells_show_as_dots_and_not_applicable_as_a_dash(halvar):
    data = berakna("aktiva", fran=FRAN, till=TILL, publicering=True)
    visning = visa(data)
    celler = [c for r in visning.rader for c in r.celler]
    assert all(c.text == ".." for c in celler if c.maskerad and c.typ == "antal" and c.text)
    assert any(c.text == ".." for c in celler)
    # Annan könsidentitet is small in every row: shown in the total row only.
    assert visning.annan_bara_totalt and visning.rader[0].celler[2].text == ""
    assert visning.rader[-1].celler[2].text == "5"
    assert "Annan könsidentitet redovisas bara i totalen (för små tal per rad)." in visning.noter
    malupfyllelse = visa(berakna("malupfyllelse", fran=FRAN, till=TILL))
    assert "–" in [c.text for r in malupfyllelse.rader for c in r.celler]


def test_the_main_insatser_of_a_referring_part_are_a_column_of_the_published_table(halvar):
    visning = visa(berakna("anmalande-part", fran=FRAN, till=TILL))
    assert visning.kolumner[-1] == "Främst till"
    assert any(r.celler[-1].text for r in visning.rader if r.slag == "rad")


def test_exit_reasons_per_insats_and_kon_are_one_table_grouped_by_insats(halvar):
    data = berakna("avslutsorsak-insats-kon", fran=FRAN, till=TILL)
    visning = visa(data)
    assert [r.slag for r in visning.rader[:2]] == ["grupp", "rad"]
    assert visning.rader[0].etikett == "Myndighetsgemensamt team"
    mgt_totalt = next(r for r in visning.rader if r.slag == "delsumma")
    assert mgt_totalt.etikett == "Myndighetsgemensamt team totalt"
    assert [c.text for c in mgt_totalt.celler] == ["24", "17", "0", "41"]


def test_work_or_studies_by_kon_as_the_2025_report_states_it(halvar):
    data = berakna("arbete-studier-kon", fran=FRAN, till=TILL)
    kon = {r["etikett"]: dict(zip(data["kolumner"], r["varden"])) for r in data["rader"]}
    andel = "Andel av dem som gick till arbete eller studier (%)"
    # "68 procent av männen och 32 procent av kvinnorna" of the 38 who went on to work or studies.
    assert round(kon["Män"][andel]) == 68 and round(kon["Kvinnor"][andel]) == 32
    assert data["summa"]["varden"][:2] == [190, 38]


def test_the_exit_figure_shows_shares_with_a_totalt_series_and_leaves_out_small_groups(halvar):
    figur = figur_for(berakna("avslutsorsak-kon", fran=FRAN, till=TILL))
    assert [s.namn for s in figur.serier] == ["Totalt", "Kvinnor", "Män"]
    assert figur.andel and figur.kategorier[8] == "Medicinsk/vård/utredning"
    assert figur.serier[0].varden[8] == 31.1
    assert figur.noter == ["Annan könsidentitet visas inte i diagrammet (färre än 10)."]


def test_education_and_age_figures_show_shares(halvar):
    for namn in ("utbildning", "aldersgrupp"):
        figur = figur_for(berakna(namn, fran=FRAN, till=TILL))
        assert figur.andel and figur.serier[0].namn == "Totalt"
        assert abs(sum(figur.serier[0].varden) - 100) < 0.5


def test_several_years_are_grouped_by_exit_group_with_the_years_as_series():
    import datetime

    from .halvar2025 import Byggare

    byggare = Byggare()
    for ar in (2023, 2024):
        for _ in range(12):
            byggare.lagg_till("Novum", start=datetime.date(ar, 2, 1), slut=datetime.date(ar, 6, 1), orsak="arbete")
    byggare.spara()
    figur = figur_for(berakna("flerar", fran=datetime.date(2023, 1, 1), till=datetime.date(2024, 12, 31)))
    assert [s.namn for s in figur.serier] == ["2023", "2024"]
    assert figur.kategorier[0] == "Arbete, studier, arbetssökande"


def test_a_masked_value_is_marked_not_drawn_as_zero(halvar):
    figur = figur_for(berakna("aktiva", fran=FRAN, till=TILL, publicering=True))
    kvinnor = figur.serier[0]
    assert any(kvinnor.maskerade)
    ritad = svg(figur)
    assert ritad.count(">..</text>") >= sum(kvinnor.maskerade)
    assert ".. = visas inte (för få)" in ritad


def test_an_empty_table_has_no_figure():
    assert figur_for(berakna("aktiva", fran=FRAN, till=TILL)) is None
    assert figur_for(berakna("avslutsorsak-kon", fran=FRAN, till=TILL)) is None


def test_figures_have_no_title_and_print_at_300_dpi(halvar):
    figur = figur_for(berakna("flode", fran=FRAN, till=TILL))
    assert "Flödet" not in svg(figur)
    bild = png(figur, dpi=300)
    from PIL import Image

    with Image.open(io.BytesIO(bild)) as b:
        assert b.info["dpi"][0] == pytest.approx(300, abs=1)
        assert b.width == 2000


def test_excel_has_real_numbers_with_swedish_formats_and_shares_as_fractions(halvar, tmp_path):
    bok = openpyxl.load_workbook(io.BytesIO(som_xlsx(berakna_alla(fran=FRAN, till=TILL))))
    blad = bok["05 avslutsorsak"]
    rubriker = [c.value for c in blad[4]]
    rad = next(r for r in blad.iter_rows(min_row=5) if r[0].value and r[0].value.startswith("Medicinsk"))
    totalt, andel = rad[rubriker.index("Totalt")], rad[rubriker.index("Andel (%)")]
    assert (totalt.value, totalt.number_format) == (59, "#,##0")
    assert andel.value == pytest.approx(0.311) and andel.number_format == "0.0 %"
    assert len(blad._charts) == 1


def test_excel_writes_masked_counts_as_dots_and_leaves_them_out_of_the_chart_data(halvar):
    tabeller = berakna_alla(fran=FRAN, till=TILL, publicering=True)
    bok = openpyxl.load_workbook(io.BytesIO(som_xlsx(tabeller)))
    blad = bok["02 aktiva"]
    assert blad["C5"].value == ".."  # MGT, Män
    assert blad["D5"].value is None  # MGT, Annan könsidentitet: in the total only
    rubriker = [c.value for c in blad[4]]
    start = rubriker.index("Diagramunderlag")
    serier = {namn: start + 1 + i for i, namn in enumerate(rubriker[start + 1 :]) if namn}
    assert "Annan könsidentitet" not in serier  # shown in the total only
    kvinnor = [blad.cell(row=r, column=serier["Kvinnor"] + 1).value for r in range(5, 10)]
    assert None in kvinnor and ".." not in kvinnor  # a gap, never a 0 or text


def test_every_output_of_a_publication_shows_annan_konsidentitet_in_the_total_only(halvar):
    tabeller = berakna_alla(fran=FRAN, till=TILL, publicering=True)
    aktiva = tabeller[1]
    j = aktiva["kolumner"].index("Annan könsidentitet")
    # JSON (API and command): no count outside the total, and a key that says why.
    assert aktiva["annan_bara_i_totalen"] is True
    assert [r["varden"][j] for r in aktiva["rader"]] == [None] * len(aktiva["rader"])
    # The total is shown as the publication's pattern has it (5, or ".." where it must hide it).
    totalt = aktiva["summa"]["varden"][j]
    assert totalt in (5, None)
    totalt_text = ".." if totalt is None else "5"
    assert berakna("aktiva", fran=FRAN, till=TILL, publicering=True) == aktiva
    # The page.
    sidan = visa(aktiva)
    assert [r.celler[j].text for r in sidan.rader] == [""] * len(aktiva["rader"]) + [totalt_text]
    # The Excel file: the same empty cells, not 0 or "..".
    blad = openpyxl.load_workbook(io.BytesIO(som_xlsx(tabeller)))["02 aktiva"]
    aktivitetsplatsen = next(r for r in blad.iter_rows(min_row=5) if r[0].value == "Aktivitetsplatsen")
    assert aktivitetsplatsen[j + 1].value is None
    assert [c.value for c in next(r for r in blad.iter_rows(min_row=5) if r[0].value == "Totalt")][j + 1] == (totalt or "..")
    # The CSV file.
    arkiv = zipfile.ZipFile(io.BytesIO(som_csv_zip(tabeller)))
    rader = list(csv.reader(io.StringIO(arkiv.read("02-aktiva.csv").decode("utf-8-sig")), delimiter=";"))
    assert [r[j + 1] for r in rader[1:-1]] == [""] * len(aktiva["rader"]) and rader[-1][j + 1] == totalt_text
    assert "Annan könsidentitet redovisas bara i totalen (för små tal per rad)." in arkiv.read("noter.txt").decode()


def test_excel_has_the_stegforflyttning_table_of_each_insats_as_the_page_and_csv_have(halvar):
    tabeller = berakna_alla(fran=FRAN, till=TILL)
    steg = tabeller[16]
    assert len(steg["per_insats"]) == 5
    blad = openpyxl.load_workbook(io.BytesIO(som_xlsx(tabeller)))["17 stegforflyttning"]
    rader = [[c.value for c in r] for r in blad.iter_rows(min_row=1, max_col=len(steg["kolumner"]) + 1)]
    for del_ in steg["per_insats"]:
        rubrik = next(i for i, r in enumerate(rader) if r[0] == del_["insats"])
        assert rader[rubrik + 1] == [None, *steg["kolumner"]]
        for k, rad in enumerate([*del_["rader"], del_["summa"]], start=rubrik + 2):
            assert rader[k] == [rad["etikett"], *rad["varden"]]


def test_csv_is_machine_readable_with_empty_cells_where_nothing_applies(halvar):
    arkiv = zipfile.ZipFile(io.BytesIO(som_csv_zip(berakna_alla(fran=FRAN, till=TILL))))
    mal = list(csv.reader(io.StringIO(arkiv.read("14-malupfyllelse.csv").decode("utf-8-sig")), delimiter=";"))
    assert "" in mal[1] and ".." not in mal[1]
    aktiva = list(csv.reader(io.StringIO(arkiv.read("02-aktiva.csv").decode("utf-8-sig")), delimiter=";"))
    assert aktiva[-1] == ["Totalt", "191", "185", "5", "381"]


def test_labels_with_dollar_signs_and_markup_are_drawn_as_text():
    from rapporter.figurer import Figur, Serie

    figur = Figur("test", "liggande", ["Kostnad $ per <deltagare> & år"], [Serie("Totalt", [12.0], [False])])
    ritad = svg(figur)
    assert "Kostnad $ per &lt;deltagare&gt; &amp; år" in ritad
    assert png(figur)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_bar_thinner_than_a_pixel_is_drawn_in_print_resolution():
    from rapporter.figurer import Figur, Serie

    # A few participants of Annan könsidentitet beside tens of thousands (bench/sidor.py found it).
    figur = Figur("borjade", "stapel", ["MGT", "Novum"], [Serie("Kvinnor", [60000, 9000], [False] * 2), Serie("Annan", [1, 0], [False] * 2)])
    assert png(figur, dpi=300)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_long_label_is_broken_over_lines_not_squeezed():
    from rapporter.figurer.rita import radbryt

    rader = radbryt("Medicinsk och/eller psykologisk utredning/vård/rehabilitering", 150)
    assert 2 <= len(rader) <= 3 and "".join(rader).replace(" ", "").startswith("Medicinskoch/eller")


def test_main_insatser_stay_in_publication_where_the_parts_total_is_shown(halvar):
    data = berakna("anmalande-part", fran=FRAN, till=TILL, publicering=True)
    totalt = data["kolumner"].index("Totalt")
    visade = [r for r in data["rader"] if r["varden"][totalt] is not None and r["varden"][totalt] >= 5]
    assert visade and all(r["framst"] for r in visade)
    assert all(not r["framst"] for r in data["rader"] if r["varden"][totalt] is None)


def _utan_annan_kon():
    """A 2021-like period: women and men only, nobody of Annan könsidentitet."""
    import datetime

    from .halvar2025 import Byggare

    byggare = Byggare()
    for kon in ("K", "K", "M"):
        byggare.lagg_till("Novum", kon=kon, start=datetime.date(2021, 2, 1), slut=datetime.date(2021, 5, 3), orsak="arbete")
    byggare.spara()
    return {"fran": datetime.date(2021, 1, 1), "till": datetime.date(2021, 6, 30)}


def test_the_json_keeps_the_contracts_kon_columns_where_nobody_has_annan_konsidentitet():
    data = berakna("aktiva", **_utan_annan_kon())
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]
    assert data["summa"]["varden"] == [2, 1, 0, 3]
    assert data["annan_kon_i_perioden"] is False


def test_pages_and_files_leave_out_annan_konsidentitet_where_nobody_of_the_period_has_it():
    period = _utan_annan_kon()
    visning = visa(berakna("avslutsorsak-kon", **period))
    assert "Annan könsidentitet" not in visning.kolumner
    assert "Annan könsidentitet (%)" not in visning.kolumner
    assert visning.kolumner[:3] == ["Kvinnor", "Män", "Totalt"]
    summa = next(r for r in visning.rader if r.slag == "summa")
    assert [c.text for c in summa.celler][:3] == ["2", "1", "3"]
    rader = [r.etikett for r in visa(berakna("arbete-studier-kon", **period)).rader]
    assert "Annan könsidentitet" not in rader


def test_the_figures_leave_out_annan_konsidentitet_where_nobody_of_the_period_has_it():
    figur = figur_for(berakna("aktiva", **_utan_annan_kon()))
    assert "Annan könsidentitet" not in [s.namn for s in figur.serier] + list(figur.kategorier)


def test_empty_rows_asked_for_show_annan_konsidentitet_on_the_page_too():
    visning = visa(berakna("aktiva", **_utan_annan_kon(), alternativ=Alternativ(visa_tomma=True)))
    assert "Annan könsidentitet" in visning.kolumner


def test_publication_leaves_out_annan_konsidentitet_where_nobody_of_the_period_has_it():
    alternativ = Alternativ(publicering=True)
    for tabell in berakna_alla(**_utan_annan_kon(), alternativ=alternativ):
        visning = visa(tabell, alternativ)
        assert "Annan könsidentitet" not in visning.kolumner, tabell["rapport"]


def test_a_part_of_a_table_keeps_its_sum_rows_pointing_at_the_rows_it_kept():
    from rapporter.visning import deltabell

    tabell = {
        "rapport": "x",
        "titel": "X",
        "kolumner": ["Antal"],
        "kolumntyper": ["antal"],
        "andel_av": [None],
        "rader": [{"etikett": "A", "varden": [0]}, {"etikett": "B", "varden": [2]}, {"etikett": "C", "varden": [3]}],
        "summa": {"etikett": "Totalt", "varden": [5]},
        "extrarader": [{"etikett": "B och C", "varden": [5], "av_rader": [1, 2]}],
    }
    del_ = deltabell(tabell, [(("r", 1), tabell["rader"][1]), (("r", 2), tabell["rader"][2])], ("s",), [0], titel="X", extrarader=[("e", 0)])
    assert [r["etikett"] for r in del_["rader"]] == ["B", "C"]
    assert del_["extrarader"][0]["av_rader"] == [0, 1]
