"""The second factor for administrators (docs/regler.md §5): the code step after the password,
and the first-login enrolment of an authenticator app with backup codes.

``finsam.middleware.TvafaktorMiddleware`` sends an administrator who has given only the password
here from every other page; these views are the only ones such a user reaches.
"""

import base64
import io
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.qr import write_qrcode_image

from . import services
from .forms import KodForm

RESERVKODER_I_SESSIONEN = "konto_nya_reservkoder"


def kraver_epost(view):
    """Password reset sends a link by e-mail: without a way to send mail the pages do not exist
    (404) and the login page offers no link to them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.EPOST_KONFIGURERAD:
            raise Http404(_("Återställning av lösenord kräver att e-post är inställd."))
        return view(request, *args, **kwargs)

    return wrapper


def _nasta(request) -> str:
    nasta = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(nasta, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nasta
    return "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tvafaktor(request):
    """Enter a code from the app (or a backup code). Without a device: enrol one first."""
    if not services.har_enhet(user=request.user):
        return redirect(f"{reverse('konto:tvafaktor_ny')}?next={_nasta(request)}")
    form = KodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked first: while throttled, django-otp refuses every code, the right one too.
        sparrad_till = services.sparrad_till(user=request.user)
        enhet = None if sparrad_till else services.verifiera(user=request.user, kod=form.cleaned_data["kod"])
        if enhet is not None:
            otp_login(request, enhet)
            return HttpResponseRedirect(_nasta(request))
        form.felaktig_kod(sparrad_till=sparrad_till)
    return render(request, "konto/tvafaktor.html", {"form": form, "next": _nasta(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tvafaktor_ny(request):
    """Add an authenticator app: scan the QR code (or type the key), confirm with a code.

    A user who already has a device must pass it first (the middleware sees to that for
    administrators), so a stolen password alone cannot replace someone's phone.
    """
    if services.har_enhet(user=request.user) and not request.user.is_verified():
        return redirect(f"{reverse('konto:tvafaktor')}?next={_nasta(request)}")
    enhet = services.ny_app_enhet(user=request.user)
    form = KodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        koder = services.bekrafta_app_enhet(enhet=enhet, kod=form.cleaned_data["kod"])
        if koder is not None:
            otp_login(request, enhet)
            request.session[RESERVKODER_I_SESSIONEN] = koder
            return redirect(f"{reverse('konto:reservkoder')}?next={_nasta(request)}")
        form.felaktig_kod()
    bild = io.BytesIO()
    write_qrcode_image(enhet.config_url, bild)
    return render(
        request,
        "konto/tvafaktor_ny.html",
        {
            "form": form,
            "next": _nasta(request),
            "qr": "data:image/svg+xml;base64," + base64.b64encode(bild.getvalue()).decode(),
            "nyckel": services.nyckel_i_klartext(enhet),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reservkoder(request):
    """The backup codes, shown once after enrolment; a verified user can make new ones."""
    if not request.user.is_verified():
        return redirect(f"{reverse('konto:tvafaktor')}?next={request.get_full_path()}")
    if request.method == "POST":
        request.session[RESERVKODER_I_SESSIONEN] = services.nya_reservkoder(user=request.user)
        return redirect(f"{reverse('konto:reservkoder')}?next={_nasta(request)}")
    koder = request.session.pop(RESERVKODER_I_SESSIONEN, None)
    return render(request, "konto/reservkoder.html", {"koder": koder, "next": _nasta(request)})


@login_required
@require_POST
def forlang(request):
    """The warning's "Fortsätt vara inloggad" (static/js/session.js): any request extends the
    session (SESSION_SAVE_EVERY_REQUEST), and this one does nothing else."""
    return HttpResponse(status=204)
