import pytest
from django.core.exceptions import ImproperlyConfigured

from finsam.settings import env_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def lag_grans(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }


def test_a_signed_in_caller_over_the_rate_is_answered_429(lag_grans, klient_a):
    statusar = [klient_a.get("/api/insatser/").status_code for _ in range(4)]
    assert statusar == [200, 200, 200, 429]


def test_the_429_answer_says_when_to_try_again(lag_grans, klient_a):
    for _ in range(3):
        klient_a.get("/api/insatser/")
    response = klient_a.get("/api/insatser/")
    vanta = int(response["Retry-After"])
    assert 0 < vanta <= 60
    assert response.json() == {"detail": f"För många anrop. Försök igen om {vanta} sekunder."}


def test_an_anonymous_caller_over_the_rate_is_answered_429(lag_grans, client):
    statusar = [client.get("/api/schema/").status_code for _ in range(3)]
    assert statusar == [200, 200, 429]


def test_each_signed_in_caller_has_their_own_count(lag_grans, klient_a, klient_b):
    for _ in range(3):
        klient_a.get("/api/insatser/")
    assert klient_b.get("/api/insatser/").status_code == 200


def test_a_rate_from_the_environment_is_used(monkeypatch):
    monkeypatch.setenv("API_BEGRANSNING_INLOGGAD", "100/hour")
    assert env_rate("API_BEGRANSNING_INLOGGAD", "600/minute") == "100/hour"


def test_a_malformed_rate_in_the_environment_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("API_BEGRANSNING_INLOGGAD", "många")
    with pytest.raises(ImproperlyConfigured) as info:
        env_rate("API_BEGRANSNING_INLOGGAD", "600/minute")
    assert (
        str(info.value) == "API_BEGRANSNING_INLOGGAD måste vara antal/period, t.ex. 60/minute, inte 'många'."
    )
