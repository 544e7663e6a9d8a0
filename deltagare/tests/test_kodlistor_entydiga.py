"""Every text the import reads as a code points at one code (docs/regler.md §2, §4): a code's own
code, label and short label may not be another code's synonym, code, label or short label, as a
synonym may not be another code's label. Compared as the import compares: case and dashes aside."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from deltagare.importexport.services import importera_deltagare
from deltagare.importexport.tests.filer import rad, xlsx
from deltagare.models import Deltagare, Kodlista, Utbildning

pytestmark = pytest.mark.django_db


def fel(kod: Kodlista) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as svar:
        kod.full_clean()
    return svar.value.message_dict


@pytest.fixture
def eftergymnasial():
    return Utbildning.objects.get(kod="eftergymnasial")


def test_every_code_of_the_loaded_lists_is_unambiguous():
    for model in apps.get_app_config("deltagare").get_models():
        if issubclass(model, Kodlista):
            for kod in model.objects.all():
                kod.full_clean()


def test_a_label_that_is_another_codes_synonym_is_refused(eftergymnasial):
    eftergymnasial.namn = "Gymnasium"
    assert fel(eftergymnasial) == {"namn": ["”Gymnasium” betyder redan Gymnasieutbildning i listan."]}


def test_a_label_is_compared_as_the_import_compares_case_spacing_and_dashes(eftergymnasial):
    eftergymnasial.namn = "  GYMNASIUM "
    assert fel(eftergymnasial) == {"namn": ["”GYMNASIUM” betyder redan Gymnasieutbildning i listan."]}
    grundskola = Utbildning.objects.get(kod="ej-fullfoljd-grundskola")
    grundskola.synonymer = "Grundskola\nGrund–skola"
    grundskola.save()
    eftergymnasial.namn = "grund-skola"
    assert fel(eftergymnasial) == {"namn": [f"”grund-skola” betyder redan {grundskola.namn} i listan."]}


def test_a_label_that_is_another_codes_code_in_other_case_is_refused(eftergymnasial):
    eftergymnasial.namn = "GYMNASIEUTBILDNING"
    assert fel(eftergymnasial) == {"namn": ["”GYMNASIEUTBILDNING” betyder redan Gymnasieutbildning i listan."]}


def test_a_new_codes_code_that_is_another_codes_synonym_is_refused():
    ny = Utbildning(kod="universitet", namn="Folkhögskola")
    assert fel(ny) == {"kod": ["”universitet” betyder redan Eftergymnasial utbildning/högskola i listan."]}


def test_a_short_label_that_is_another_codes_synonym_is_refused(eftergymnasial):
    eftergymnasial.kort_etikett = "Gymnasium"
    assert fel(eftergymnasial) == {"kort_etikett": ["”Gymnasium” betyder redan Gymnasieutbildning i listan."]}


def test_a_label_exactly_like_another_codes_label_gets_the_unique_message_only(eftergymnasial):
    eftergymnasial.namn = "Gymnasieutbildning"
    assert fel(eftergymnasial) == {"namn": ["Utbildning med detta Benämning finns redan."]}


def test_a_code_keeps_its_own_texts(eftergymnasial):
    eftergymnasial.namn = "Högskola"  # its own synonym
    eftergymnasial.full_clean()


def test_the_admin_refuses_the_label_and_the_import_still_codes_the_synonym_right(client, administrator, eftergymnasial):
    client.force_login(administrator)
    data = {"namn": "Gymnasium", "kort_etikett": "", "synonymer": "", "sortering": eftergymnasial.sortering, "aktiv": "on"}
    svar = client.post(reverse("admin:deltagare_utbildning_change", args=[eftergymnasial.pk]), data)
    assert svar.status_code == 200
    assert svar.context["adminform"].form.errors == {"namn": ["”Gymnasium” betyder redan Gymnasieutbildning i listan."]}
    resultat = importera_deltagare(user=None, innehall=xlsx([rad(Utbildning="Gymnasium")]), filnamn="g.xlsx")
    assert resultat.fel == [] and Deltagare.objects.get().utbildning.kod == "gymnasieutbildning"
