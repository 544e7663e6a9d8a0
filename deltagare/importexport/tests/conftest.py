import pytest


@pytest.fixture(autouse=True)
def import_i_forfragan(settings):
    """Web imports run inside the request in tests (one test covers the background thread)."""
    settings.IMPORTEXPORT_BAKGRUND = False
