"""Finding 2: the 50 MB limit was checked after the whole body had arrived (a 120 MB upload was
received first). Now the upload is stopped at the limit while the body streams in."""

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test.client import FakePayload

from deltagare.models import ImportKorning

from ..forms import Storleksgrans
from .conftest import ladda_upp

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def last_fran_kroppen(monkeypatch):
    """The bytes the server read of the request body."""
    last: list[int] = []
    original = FakePayload.read

    def read(self, *args, **kwargs):
        data = original(self, *args, **kwargs)
        last.append(len(data))
        return data

    monkeypatch.setattr(FakePayload, "read", read)
    return last


def test_an_upload_announced_over_the_limit_is_refused_before_its_file_is_read(client, leader_a, settings, last_fran_kroppen):
    settings.IMPORT_MAX_FILSTORLEK_MB = 1
    client.force_login(leader_a)
    svar = ladda_upp(client, b"x" * (20 * MB), "stor.csv")
    assert svar.status_code == 200
    assert "Filen är för stor (högst 1 MB)." in svar.content.decode()
    assert sum(last_fran_kroppen) < MB
    assert not ImportKorning.objects.exists()


def test_a_file_within_the_limit_is_taken(client, leader_a, settings, last_fran_kroppen):
    settings.IMPORT_MAX_FILSTORLEK_MB = 1
    client.force_login(leader_a)
    assert ladda_upp(client, b"Insats;Deltagar-ID\n" + b"x" * (MB // 2), "liten.csv").status_code == 302
    assert ImportKorning.objects.get().filstorlek == MB // 2 + 19


def test_a_body_that_runs_on_past_the_limit_is_cut_off_at_it():
    # A client may announce less than it sends (or nothing, with chunked encoding): the
    # handler counts what arrives and stops at the limit.
    handler = Storleksgrans(grans=3 * MB)
    handler.handle_raw_input(None, {}, MB, b"grans")
    handler.new_file("fil", "stor.csv", "text/csv", None)
    for start in range(0, 3 * MB, 64 * 1024):
        handler.receive_data_chunk(b"x" * 64 * 1024, start)
    with pytest.raises(StopUpload) as stopp:
        handler.receive_data_chunk(b"x", 3 * MB)
    assert stopp.value.connection_reset and handler.for_stor


def test_kansli_is_refused_an_upload_without_its_body_being_read(client, kansli, last_fran_kroppen):
    client.force_login(kansli)
    assert ladda_upp(client, b"x" * (5 * MB), "stor.csv").status_code == 403
    assert sum(last_fran_kroppen) == 0
