"""Password change and reset in the application's own layout, in Swedish (issue 13, finding 3);
reset only where e-mail can be sent."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_user_menu_links_to_the_password_change_page(client, leader_a):
    client.force_login(leader_a)
    svar = client.get("/")
    assert f'href="{reverse("password_change")}"' in svar.text
    assert "Byt lösenord" in svar.text


def test_the_password_change_page_is_in_the_applications_layout_and_swedish(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("password_change"))
    assert "<h1>Byt lösenord</h1>" in svar.text
    assert "Django" not in svar.text
    assert 'class="site-header"' in svar.text
    assert "Nuvarande lösenord" in svar.text or "Gammalt lösenord" in svar.text


def test_the_password_change_form_marks_its_required_fields_and_has_no_colons(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("password_change"))
    assert svar.text.count('class="obligatorisk"') == 3
    assert '<label for="id_old_password" class="obligatorisk">Gammalt lösenord</label>' in svar.text


def test_a_password_is_changed(client, leader_a):
    client.force_login(leader_a)
    svar = client.post(
        reverse("password_change"),
        {"old_password": "hemligt-losen-a", "new_password1": "Ett-nytt-langt-losen-77", "new_password2": "Ett-nytt-langt-losen-77"},
        follow=True,
    )
    assert "Lösenordet är bytt" in svar.text
    leader_a.refresh_from_db()
    assert leader_a.check_password("Ett-nytt-langt-losen-77")


def test_a_weak_new_password_is_reported_at_the_new_password_not_at_the_confirmation(client, leader_a):
    client.force_login(leader_a)
    svar = client.post(
        reverse("password_change"),
        {"old_password": "hemligt-losen-a", "new_password1": "12345678", "new_password2": "12345678"},
    )
    fel = svar.context["form"].errors
    assert "new_password2" not in fel
    assert "Detta lösenord är enbart numeriskt." in fel["new_password1"]


def test_mismatched_new_passwords_are_reported_at_the_confirmation(client, leader_a):
    client.force_login(leader_a)
    svar = client.post(
        reverse("password_change"),
        {"old_password": "hemligt-losen-a", "new_password1": "Ett-nytt-langt-losen-77", "new_password2": "Ett-annat-77"},
    )
    assert list(svar.context["form"].errors) == ["new_password2"]
    leader_a.refresh_from_db()
    assert leader_a.check_password("hemligt-losen-a")


def test_a_reset_link_is_sent_in_swedish_when_e_mail_is_configured(client, leader_a, settings):
    settings.EPOST_KONFIGURERAD = True
    leader_a.email = "ledare@example.org"
    leader_a.save()
    assert "Glömt lösenordet?" in client.get(reverse("login")).text
    svar = client.post(reverse("password_reset"), {"email": "ledare@example.org"}, follow=True)
    assert "Kontrollera din e-post" in svar.text
    (brev,) = mail.outbox
    assert brev.subject == "Nytt lösenord till Deltagaruppföljning"
    lank = re.search(r"http://testserver(/konto/aterstall/\S+/)", brev.body).group(1)
    sida = client.get(lank, follow=True)
    assert "Välj nytt lösenord" in sida.text
    assert sida.text.count('class="obligatorisk"') == 2
    svag = client.post(sida.request["PATH_INFO"], {"new_password1": "12345678", "new_password2": "12345678"})
    assert list(svag.context["form"].errors) == ["new_password1"]


def test_without_e_mail_there_is_no_password_reset(client, settings):
    settings.EPOST_KONFIGURERAD = False
    assert "Glömt lösenordet?" not in client.get(reverse("login")).text
    svar = client.get(reverse("password_reset"))
    assert svar.status_code == 404
