"""Behaviour of the single tables: code lists, both exit-reason generations, background,
targets and data quality."""

import datetime

import pytest

from deltagare.models import AnmalandePart, Forsorjning, Stadsdel, Uppfoljning, Uppfoljningsutfall, Utbildning
from insatser.models import Insats
from rapporter import ALLA_TABELLER, Alternativ, berakna, berakna_alla, finsam_export

from .halvar2025 import Byggare

pytestmark = pytest.mark.django_db

D = datetime.date
H1 = {"fran": D(2025, 1, 1), "till": D(2025, 6, 30)}


def rader(data: dict) -> dict[str, list]:
    return {r["etikett"]: r["varden"] for r in data["rader"]}


def kolumn(data: dict, rubrik: str) -> dict[str, object]:
    """One column of a table by its heading, per row label (and the total row)."""
    j = data["kolumner"].index(rubrik)
    return {r["etikett"]: r["varden"][j] for r in [*data["rader"], data["summa"], *data["extrarader"]]}


def test_every_report_name_gives_the_spec_shape():
    for data in berakna_alla(**H1):
        assert set(data) >= {"rapport", "fran", "till", "kolumner", "rader", "summa"}
        assert data["summa"]["etikett"] == "Totalt"
        assert all(len(r["varden"]) == len(data["kolumner"]) for r in data["rader"])
    assert [d["rapport"] for d in berakna_alla(**H1)] == list(ALLA_TABELLER)


def test_unknown_report_name_is_refused_in_swedish():
    with pytest.raises(ValueError, match="Okänd rapport 'okand'"):
        berakna("okand", **H1)


def test_period_ending_before_it_starts_is_refused_in_swedish():
    with pytest.raises(ValueError, match=r"Periodens startdatum \(2025-07-01\) ligger efter slutdatumet"):
        berakna("aktiva", fran=D(2025, 7, 1), till=D(2025, 6, 30))


def test_chosen_insatser_are_rows_in_insats_order_even_without_participants():
    valda = [Insats.objects.get(kortnamn="Novum"), Insats.objects.get(kortnamn="MGT")]
    data = berakna("aktiva", **H1, insatser=valda)
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]
    assert [(r["etikett"], r["varden"]) for r in data["rader"]] == [
        ("Myndighetsgemensamt team", [0, 0, 0, 0]),
        ("Novum", [0, 0, 0, 0]),
    ]


def test_empty_rows_and_columns_are_shown_when_asked_for():
    valda = [Insats.objects.get(kortnamn="Novum")]
    data = berakna("aktiva", **H1, insatser=valda, alternativ=Alternativ(visa_tomma=True))
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]
    utbildning = berakna("utbildning", **H1, alternativ=Alternativ(visa_tomma=True))
    assert [r["etikett"] for r in utbildning["rader"]][-2:] == ["Ej registrerad", "Anonym (utan samtycke)"]


def test_an_empty_choice_of_insatser_gives_empty_tables():
    for data in berakna_alla(**H1, insatser=[]):
        antal = [v for v, typ in zip(data["summa"]["varden"], data["kolumntyper"]) if typ == "antal"]
        assert set(antal) <= {0, None}, data["rapport"]
    assert berakna("flode", **H1, insatser=[])["summa"]["varden"][0] == 0
    assert finsam_export(**H1, insatser=[])["insatser"] == []


def test_only_insatser_with_participants_are_shown_by_default():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 1))
    byggare.lagg_till("MIA", start=D(2021, 2, 1), slut=D(2021, 9, 1), orsak="arbete")
    byggare.spara()
    assert [r["etikett"] for r in berakna("aktiva", **H1)["rader"]] == ["Novum"]


def test_chosen_insatser_limit_the_counts():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 1))
    byggare.lagg_till("Aktivitetsplatsen", start=D(2025, 2, 1))
    byggare.spara()
    data = berakna("flode", **H1, insatser=[Insats.objects.get(kortnamn="Novum")])
    assert data["summa"]["varden"][0] == 1


def test_a_period_spanning_both_generations_shows_each_reason_once_and_groups_them():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2024, 1, 8), slut=D(2024, 9, 2), orsak="sjukdom")  # 2021 list
    byggare.lagg_till("Novum", start=D(2024, 1, 8), slut=D(2024, 10, 1), orsak="arbete")  # both lists
    byggare.lagg_till("Novum", start=D(2024, 3, 4), slut=D(2025, 3, 3), orsak="arbete")
    byggare.lagg_till("Novum", start=D(2024, 3, 4), slut=D(2025, 3, 3), orsak="medicinsk-utredning-vard-rehabilitering")
    byggare.spara()
    period = {"fran": D(2024, 7, 1), "till": D(2025, 6, 30)}
    etiketter = [r["etikett"] for r in berakna("avslutsorsak", **period)["rader"]]
    assert etiketter.count("Arbete") == 1
    # Both lists were in force during the period: every reason of both shows, once.
    assert etiketter == [
        "Arbete",
        "Studier",
        "Arbetsförmedlingen",
        "Rehabiliteringssamverkan",
        "Jobbtorg/AMF insatser",
        "FINSAM-insats",
        "Sysselsättning/daglig verksamhet",
        "Varaktig sjukersättning",
        "Medicinsk och/eller psykologisk utredning/vård/rehabilitering",
        "Övriga avslutsorsaker",
        "Arbetssökande",
        "Fortsatt rehabilitering",
        "Sjukdom",
        "Annat",
    ]
    assert rader(berakna("avslutsorsak", **period))["Arbete"][0] == 2
    grupper = berakna("avslutsgrupp", **period)
    assert grupper["kolumner"][:4] == ["Arbete, studier, arbetssökande", "Fortsatt rehabilitering", "Sjukdom", "Annat"]
    assert rader(grupper)["Novum"][:5] == [2, 0, 2, 0, 4]


def test_a_2025_period_shows_only_the_current_list_of_exit_reasons():
    etiketter = [r["etikett"] for r in berakna("avslutsorsak", **H1)["rader"]]
    assert "Sjukdom" not in etiketter and len(etiketter) == 10


def test_a_2021_period_shows_only_the_earlier_list_and_the_name_finsam_team():
    byggare = Byggare()
    byggare.lagg_till("MGT", start=D(2021, 2, 1), slut=D(2021, 5, 3), orsak="arbetssokande")
    byggare.lagg_till("Novum", start=D(2021, 2, 1), slut=D(2021, 5, 3), orsak="arbete")
    byggare.spara()
    period = {"fran": D(2021, 1, 1), "till": D(2021, 6, 30)}
    data = berakna("avslutsorsak", **period)
    assert [r["etikett"] for r in data["rader"]] == [
        "Arbete",
        "Studier",
        "Arbetssökande",
        "Fortsatt rehabilitering",
        "Sjukdom",
        "Annat",
    ]
    assert data["kolumner"][:2] == ["FINSAM-team", "Novum"]
    assert [r["etikett"] for r in berakna("aktiva", **period)["rader"]] == ["FINSAM-team", "Novum"]
    assert berakna("aktiva", **H1, insatser=[Insats.objects.get(kortnamn="MGT")])["rader"][0]["etikett"] == (
        "Myndighetsgemensamt team"
    )


def test_a_reason_of_another_list_shows_where_someone_ended_with_it():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 1, 13), slut=D(2025, 4, 1), orsak="sjukdom")
    byggare.spara()
    assert "Sjukdom" in [r["etikett"] for r in berakna("avslutsorsak", **H1)["rader"]]


def test_insatser_without_exit_reasons_are_left_out_with_a_note():
    byggare = Byggare()
    byggare.lagg_till("Hälsofrämjande", start=D(2025, 1, 13), slut=D(2025, 4, 1))
    byggare.lagg_till("Novum", start=D(2025, 1, 13), slut=D(2025, 4, 1), orsak="studier")
    byggare.spara()
    for namn in ("avslutsorsak", "avslutsgrupp"):
        data = berakna(namn, **H1)
        assert "Hälsofrämjande" not in data["kolumner"]
        assert all("Hälsofrämjande" not in r["etikett"] for r in data["rader"])
        assert (
            "Insatser som inte registrerar avslutsorsak ingår inte: "
            "Hälsofrämjande insatser för nyanlända (1 avslutade)." in data["noter"]
        )
    assert kolumn(berakna("avslutade", **H1), "Totalt")["Totalt"] == 2


def test_exit_shares_per_kon_and_to_work_or_studies():
    byggare = Byggare()
    for orsak, kon in [("arbete", "K"), ("ovriga", "K"), ("studier", "M"), ("studier", "M")]:
        byggare.lagg_till("Novum", kon=kon, start=D(2025, 1, 13), slut=D(2025, 4, 1), orsak=orsak)
    byggare.spara()
    data = berakna("avslutsorsak-kon", **H1)
    arbete_studier = data["extrarader"][0]
    assert arbete_studier["etikett"] == "Arbete eller studier"
    # Kvinnor, Män, Annan könsidentitet, Totalt, then the shares of each column (none of 0).
    assert arbete_studier["varden"] == [1, 2, 0, 3, 50.0, 100.0, None, 75.0]


def test_background_tables_count_missing_and_anonymous_participants():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3))  # gymnasium (builder default)
    byggare.lagg_till("Novum", start=D(2025, 2, 3), utbildning=None)
    byggare.lagg_till("Novum", kon="M", start=D(2025, 2, 3), samtycke=False)
    byggare.lagg_till("Hälsofrämjande", start=D(2025, 2, 3))
    byggare.spara()
    data = berakna("utbildning", **H1)
    # Codes nobody has are left out; the missing answers show beside the known ones.
    assert [r["etikett"] for r in data["rader"]] == ["Gymnasieutbildning", "Ej registrerad", "Anonym (utan samtycke)"]
    varden = rader(data)
    assert varden["Gymnasieutbildning"][:4] == [1, 0, 0, 1]
    assert varden["Ej registrerad"][:4] == [1, 0, 0, 1]
    assert varden["Anonym (utan samtycke)"][:4] == [0, 1, 0, 1]
    assert data["summa"]["varden"][3] == 3
    assert any("Hälsofrämjande insatser för nyanlända (1 började)" in n for n in data["noter"])


def test_background_shares_are_shares_of_the_known_answers():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3))  # gymnasium
    for _ in range(3):
        byggare.lagg_till("Novum", start=D(2025, 2, 3), utbildning=Utbildning.objects.get(kod="eftergymnasial"))
    byggare.lagg_till("Novum", start=D(2025, 2, 3), utbildning=Utbildning.objects.get(kod="uppgift-saknas"))
    byggare.lagg_till("Novum", start=D(2025, 2, 3), utbildning=None)
    byggare.spara()
    data = berakna("utbildning", **H1)
    andel = kolumn(data, "Totalt (%)")
    assert andel["Gymnasieutbildning"] == 25.0 and andel["Eftergymnasial utbildning/högskola"] == 75.0
    assert andel["Uppgift saknas"] is None and andel["Ej registrerad"] is None
    antal = kolumn(data, "Totalt")
    assert (antal["Med känd uppgift"], antal["Uppgift saknas"], antal["Ej registrerad"], antal["Totalt"]) == (4, 1, 1, 6)
    assert andel["Med känd uppgift"] == 100.0
    assert next(r for r in data["rader"] if r["etikett"] == "Uppgift saknas")["saknas"] is True


def test_age_groups_use_the_age_at_start():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3), fodelsear=2000)
    byggare.lagg_till("Novum", start=D(2025, 2, 3), fodelsear=1975)
    byggare.lagg_till("Novum", start=D(2025, 2, 3), fodelsear=1970)
    byggare.spara()
    totalt = kolumn(berakna("aldersgrupp", **H1), "Totalt")
    assert (totalt["Under 30 år"], totalt["30–50 år"], totalt["Över 50 år"]) == (1, 1, 1)


def test_referring_parties_show_the_city_with_its_sub_units_and_main_insatser():
    sdf = AnmalandePart.objects.get(kod="stockholms-stad-stadsdelsforvaltning")
    stad = AnmalandePart.objects.get(kod="stockholms-stad")
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3), anmalande_part=sdf)
    byggare.lagg_till("Novum", start=D(2025, 2, 3), anmalande_part=stad)
    byggare.lagg_till("MGT", start=D(2025, 2, 3), anmalande_part=stad)
    byggare.spara()
    data = berakna("anmalande-part", **H1)
    stad_rad = next(r for r in data["rader"] if r["etikett"] == "Stockholms stad")
    assert stad_rad["framst"] == ["Myndighetsgemensamt team", "Novum"]
    inklusive = next(e for e in data["extrarader"] if e["etikett"] == "Stockholms stad inklusive underenheter")
    assert inklusive["varden"][-2:] == [3, 100.0]


def test_districts_add_up_to_their_local_area():
    byggare = Byggare()
    for kod in ("bromma", "hasselby-vallingby", "jarva"):
        byggare.lagg_till("Novum", start=D(2025, 2, 3), stadsdel=Stadsdel.objects.get(kod=kod))
    byggare.spara()
    totalt = kolumn(berakna("stadsdel", **H1), "Totalt")
    assert totalt["Västerort (lokalt område)"] == 2
    assert totalt["Järva (lokalt område)"] == 1


def test_income_before_and_after_is_a_cross_table_per_insats():
    stod, lon = Forsorjning.objects.get(kod="forsorjningsstod"), Forsorjning.objects.get(kod="lon")
    byggare = Byggare()
    for insats in ("Novum", "Novum", "Aktivitetsplatsen"):
        byggare.lagg_till(
            insats, start=D(2024, 9, 2), slut=D(2025, 3, 3), orsak="arbete", forsorjning_start=stod, forsorjning_slut=lon
        )
    byggare.lagg_till("Novum", start=D(2024, 9, 2), slut=D(2025, 3, 3), orsak="arbete", samtycke=False)
    byggare.spara()
    data = berakna("stegforflyttning", **H1)
    lon_kolumn = data["kolumner"].index("Lön")
    assert rader(data)["Försörjningsstöd"][lon_kolumn] == 3
    per_insats = {d["insats"]: d for d in data["per_insats"]}
    assert rader(per_insats["Novum"])["Försörjningsstöd"][lon_kolumn] == 2
    assert "1 avslutade utan samtycke (anonyma) ingår inte." in data["noter"]


def test_several_years_compare_exit_groups_side_by_side():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2021, 2, 1), slut=D(2021, 6, 1), orsak="arbetssokande")
    byggare.lagg_till("Novum", start=D(2021, 2, 1), slut=D(2021, 6, 1), orsak="sjukdom")
    byggare.lagg_till("Novum", start=D(2025, 2, 3), slut=D(2025, 3, 3), orsak="arbetsformedlingen")
    byggare.spara()
    data = berakna("flerar", fran=D(2021, 1, 1), till=D(2025, 6, 30))
    assert data["kolumner"][:6] == ["2021", "2022", "2023", "2024", "2025", "Totalt"]
    assert "2025 avser 2025-01-01–2025-06-30." in data["noter"]
    varden = rader(data)
    assert varden["Arbete, studier, arbetssökande"][:6] == [1, 0, 0, 0, 1, 2]
    assert varden["Sjukdom"][:6] == [1, 0, 0, 0, 0, 1]
    assert varden["Arbete, studier, arbetssökande"][6] == 50.0  # share of 2021


def test_a_single_year_suggests_a_longer_period_for_the_comparison():
    data = berakna("flerar", **H1)
    assert data["kolumner"] == ["2025", "Totalt", "2025 (%)"]
    assert "Välj en period över flera år för att jämföra åren sida vid sida." in data["noter"]


def test_data_quality_finds_missing_data_overlong_participations_and_overdue_follow_ups():
    byggare = Byggare()
    # Aktivitetsplatsen expects 6 months: started a year before the period's end, still open.
    lang = byggare.lagg_till("Aktivitetsplatsen", start=D(2024, 6, 3), utbildning=None)
    byggare.lagg_till("Aktivitetsplatsen", start=D(2025, 2, 3), slut=D(2025, 4, 7))  # exit without reason
    byggare.spara()
    # Planned in the period and not done: overdue. Planned before the period, or done: not.
    Uppfoljning.objects.create(deltagare=lang, manader=9, planerad_datum=D(2025, 3, 3))
    Uppfoljning.objects.create(deltagare=lang, manader=3, planerad_datum=D(2024, 9, 3))
    Uppfoljning.objects.create(
        deltagare=lang,
        manader=12,
        planerad_datum=D(2025, 6, 3),
        utford_datum=D(2025, 6, 5),
        utfall=Uppfoljningsutfall.objects.get(kod="okant"),
    )
    data = berakna("datakvalitet", **H1)
    varden = dict(zip(data["kolumner"], data["rader"][0]["varden"]))
    assert varden["Aktiva"] == 2
    assert varden["Saknar utbildning"] == 1
    assert varden["Saknar utbildning (%)"] == 50.0
    assert varden["Avslut utan orsak"] == 1
    assert varden["Aktiva längre än förväntad längd utan avslut"] == 1
    assert varden["Försenade uppföljningar"] == 1


def test_an_unknown_kon_gets_its_own_column_only_when_it_occurs():
    assert "Okänt kön" not in berakna("aktiva", **H1)["kolumner"]
    byggare = Byggare()
    byggare.lagg_till("Novum", kon="", start=D(2025, 2, 3), samtycke=False)
    byggare.spara()
    data = berakna("aktiva", **H1)
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Okänt kön", "Totalt"]
    assert data["summa"]["varden"] == [0, 0, 0, 1, 1]


def test_finsam_export_lists_chosen_insatser_without_participants_in_one_query(django_assert_num_queries):
    valda = list(Insats.objects.filter(kortnamn__in=["MGT", "Novum"]))
    # One for the participants and one for what gallring may have frozen of a period before
    # this year (dataskydd.selectors.gallrat_bidrag; a period of this year costs no lookup).
    with django_assert_num_queries(2):
        data = finsam_export(**H1, insatser=valda)
    assert [r["kortnamn"] for r in data["insatser"]] == ["MGT", "Novum"]
    assert data["summa"] == {"kvinnor": 0, "män": 0, "totalt": 0, "utan_juridiskt_kon": 0}
