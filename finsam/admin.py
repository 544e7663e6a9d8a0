"""The admin site: two-factor login (django-otp) required for administrators (docs/regler.md §5).

Other staff (kansli) may add a device and use it, but are not required to. An administrator
without a verified device is treated as not allowed in and meets the login form again,
now asking for the code. First device: `python manage.py addstatictoken USERNAME` prints a
one-time code; log in with it and add an authenticator app under "TOTP devices".
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

from insatser.behorighet import far_anvanda_admin, kraver_tvafaktor, saknar_tvafaktor


class InloggningsForm(OTPAdminAuthenticationForm):
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Administratörer loggar in med en tvåfaktorskod."),
        "invalid_token": _("Ogiltig tvåfaktorskod. Kontrollera koden och försök igen."),
        "device_required": _("Välj vilken enhet koden kommer från."),
    }

    def _chosen_device(self, user):
        # With a single device there is nothing to choose: spare the user the extra round.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        if user is not None and (kraver_tvafaktor(user) or self.cleaned_data.get("otp_token")):
            self.clean_otp(user)
        return self.cleaned_data


class FinsamAdminSite(AdminSite):
    site_header = _("Deltagaruppföljning")
    site_title = _("Deltagaruppföljning")
    index_title = _("Administration")
    login_form = InloggningsForm
    login_template = "otp/admin111/login.html"

    def has_permission(self, request):
        return far_anvanda_admin(request.user) and not saknar_tvafaktor(request.user)
