from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

FELAKTIG_KOD = _("Koden stämmer inte. Kontrollera att telefonens klocka går rätt och försök igen.")


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

    def felaktig_kod(self) -> None:
        self.add_error("kod", forms.ValidationError(FELAKTIG_KOD, code="fel_kod"))


class LosenordsbyteForm(PasswordChangeForm):
    """Django's form for changing one's password, dressed as the application's other forms: the
    required fields marked with *, labels without a colon."""

    required_css_class = "obligatorisk"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
