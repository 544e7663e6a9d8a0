"""Excel's "Unicode text" (UTF-16 with a byte order mark, tab-separated) is read as csv; a
file of NUL bytes without a mark is refused with how to save it."""

import codecs

import pytest

from deltagare.models import Deltagare

from ..services import importera_deltagare
from .filer import csv_fil, rad

pytestmark = pytest.mark.django_db


def importera(innehall: bytes):
    return importera_deltagare(user=None, innehall=innehall, filnamn="deltagare.csv")


@pytest.mark.parametrize(
    ("bom", "kodning"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le")],
    ids=["utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_a_unicode_text_file_with_a_byte_order_mark_is_read(bom, kodning):
    innehall = bom + csv_fil([rad(Deltagar_ID="AP-1", Stadsdel="Järva"), rad(Deltagar_ID="AP-2")], avgransare="\t", kodning=kodning)
    resultat = importera(innehall)
    assert (resultat.fel, resultat.nya) == ([], 2)
    assert sorted(Deltagare.objects.values_list("deltagar_id", "stadsdel__namn")) == [("AP-1", "Järva"), ("AP-2", "Järva")]


def test_a_unicode_text_file_keeps_its_row_numbers_in_messages():
    innehall = codecs.BOM_UTF16_LE + csv_fil([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2", Kön="X")], avgransare="\t", kodning="utf-16-le")
    assert [str(f) for f in importera(innehall).fel] == [
        "rad 3, kolumn Kön: Okänt värde ”X”. Tillåtna värden: Kvinna, Man, Annan könsidentitet."
    ]


def test_a_file_of_nul_bytes_without_a_byte_order_mark_says_how_to_save_it():
    innehall = csv_fil([rad()], kodning="utf-16-le")
    assert [str(f) for f in importera(innehall).fel] == [
        "Filen är ingen textfil (csv). Spara den i Excel som ”CSV UTF-8 (kommaavgränsad)” eller som .xlsx."
    ]
