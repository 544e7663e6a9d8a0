import datetime

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

FELAKTIG_KOD = _("Koden stämmer inte. Kontrollera att telefonens klocka går rätt och försök igen.")
SPARRAD = _(
    "För många felaktiga koder i rad. Koder tas emot igen kl. %(tid)s; en kod som skickas innan dess "
    "prövas inte. Väntetiden fördubblas vid varje nytt fel."
)


class KodForm(forms.Form):
    kod = forms.CharField(
        label=_("Kod"),
        max_length=20,
        help_text=_("Sex siffror från autentiseringsappen, eller en av dina reservkoder."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def felaktig_kod(self, *, sparrad_till: datetime.datetime | None = None) -> None:
        if sparrad_till is not None:
            # Without this the right code, sent too soon, would be called wrong.
            fel = forms.ValidationError(
                SPARRAD, code="sparrad", params={"tid": formats.time_format(timezone.localtime(sparrad_till), "H.i")}
            )
        else:
            fel = forms.ValidationError(FELAKTIG_KOD, code="fel_kod")
        self.add_error("kod", fel)


class Losenordsfalt:
    """Django's password forms dressed as the application's other forms: the required fields
    marked with *, labels without a colon, and a weak password's message at the new password."""

    required_css_class = "obligatorisk"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        # Django's forms report a weak password under the confirmation, where the user does
        # not look for it; the fault is in the new password.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class LosenordsbyteForm(Losenordsfalt, PasswordChangeForm):
    """Changing one's password (the old one first)."""


class NyttLosenordForm(Losenordsfalt, SetPasswordForm):
    """A new password from a reset link."""
