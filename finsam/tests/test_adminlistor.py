"""Bad filters on the admin's lists (administrators only): the admin's own answer, a redirect to
?e=1 and then its "Databasfel" page, never a server error (finsam.middleware.AdminListfelMiddleware)."""

import pytest
from axes.models import AccessAttempt
from django.db import connection

from deltagare.audit import logga_export
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

STORT = "99999999999999999999999"


@pytest.fixture
def admin_klient(client, administrator):
    client.force_login(administrator)
    # A log entry and a login attempt: list filters without any value to offer are not shown.
    logga_export(user=administrator, vad="test", filter={})
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", user_agent="", failures_since_start=1)
    return client


@pytest.mark.parametrize(
    ("lista", "filter"),
    [
        ("/admin/auditlog/logentry/", "resource_type=abc"),
        ("/admin/deltagare/deltagare/", f"startdatum__year={STORT}"),
        ("/admin/auditlog/logentry/", f"timestamp__year={STORT}"),
        ("/admin/axes/accessattempt/", f"attempt_time__year={STORT}"),
        ("/admin/axes/accesslog/", f"attempt_time__year={STORT}"),
    ],
)
def test_a_bad_list_filter_is_sent_to_the_admins_error_flag_like_any_other(admin_klient, lista, filter):
    svar = admin_klient.get(f"{lista}?{filter}")
    assert svar.status_code == 302
    assert svar["Location"] == f"{lista}?e=1"


@pytest.mark.parametrize(("lista", "filter"), [("/admin/insatser/insats/", "id__in"), ("/admin/deltagare/deltagare/", "insats__id__in")])
def test_an_id_past_a_database_key_in_a_list_filter_is_no_server_error(admin_klient, lista, filter):
    svar = admin_klient.get(f"{lista}?{filter}={STORT}")
    if connection.vendor == "sqlite":
        # SQLite's driver refuses the number (OverflowError): the admin's answer to a bad filter.
        assert (svar.status_code, svar["Location"]) == (302, f"{lista}?e=1")
    else:
        # PostgreSQL compares it and finds no row.
        assert svar.status_code == 200
        assert svar.context["cl"].result_count == 0


def test_the_same_filter_with_the_error_flag_shows_the_admins_swedish_error_page(admin_klient):
    svar = admin_klient.get(f"/admin/deltagare/deltagare/?startdatum__year={STORT}&e=1")
    assert svar.status_code == 200
    assert "<title>Databasfel" in svar.text


def test_a_bad_filter_on_an_admin_list_still_needs_an_administrator(client, kansli):
    client.force_login(kansli)
    svar = client.get(f"/admin/deltagare/deltagare/?startdatum__year={STORT}")
    assert svar.status_code == 302
    assert svar["Location"].startswith("/admin/login/?next=")



@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lista", "falt"),
    [("/admin/deltagare/deltagare/", "deltagar_id"), ("/admin/insatser/insats/", "namn"), ("/admin/auditlog/logentry/", "object_repr")],
)
def test_a_regular_expression_the_database_cannot_read_in_a_list_filter_is_a_bad_filter(
    grunddata, grunddata_efter_modulen, admin_klient, insats_a, lista, falt
):
    # The admin allows any lookup on a list's own fields, __regex too: PostgreSQL refuses "("
    # (DataError), and SQLite's REGEXP function, run in Python for each row, raises
    # (OperationalError, which is no lost connection). Outside a test's transaction, as a
    # request runs: PostgreSQL's error would abort it.
    DeltagareFactory(insats=insats_a)
    svar = admin_klient.get(f"{lista}?{falt}__regex=(")
    assert svar.status_code == 302
    assert svar["Location"] == f"{lista}?e=1"
