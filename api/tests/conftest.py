import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PERSONER = [None, "leader_a", "leader_b", "kansli", "administrator"]


@pytest.fixture(autouse=True)
def hoga_anropsgranser(settings):
    # Throttling has its own test; elsewhere it must never decide an outcome. The counters live
    # in the cache, which outlives a test, so it is emptied too.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def klient_for(request, db):
    """An API client signed in with the named persona's token (None: no credentials)."""

    def make(persona: str | None) -> APIClient:
        client = APIClient()
        if persona is not None:
            user = request.getfixturevalue(persona)
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def klient_a(klient_for):
    return klient_for("leader_a")


@pytest.fixture
def klient_b(klient_for):
    return klient_for("leader_b")


@pytest.fixture
def klient_kansli(klient_for):
    return klient_for("kansli")


@pytest.fixture
def klient_admin(klient_for):
    return klient_for("administrator")
