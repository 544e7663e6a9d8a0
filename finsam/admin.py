"""The admin site: the administrators' tool (docs/regler.md §5).

Who may use it is the policy's decision (``behorighet.far_anvanda_admin``); the second factor is
asked for by ``finsam.middleware.TvafaktorMiddleware`` before any admin page, as for every other
page, so the admin has no login form of its own: it sends visitors to the application's login.
"""

from urllib.parse import quote

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insatser.behorighet import far_anvanda_admin, saknar_tvafaktor


class FinsamAdminSite(AdminSite):
    site_header = gettext_lazy("Deltagaruppföljning")
    site_title = gettext_lazy("Deltagaruppföljning")
    index_title = gettext_lazy("Administration")

    def has_permission(self, request):
        return far_anvanda_admin(request.user) and not saknar_tvafaktor(request.user)

    def login(self, request, extra_context=None):
        nasta = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(nasta, allowed_hosts={request.get_host()}):
            nasta = reverse("admin:index")
        if self.has_permission(request):
            return redirect(nasta)
        if request.user.is_authenticated:
            raise PermissionDenied(_("Administrationen är till för administratörer."))
        return redirect(f"{reverse('login')}?next={quote(nasta)}")
