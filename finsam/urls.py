from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from konto.forms import LosenordsbyteForm, NyttLosenordForm
from konto.views import kraver_epost

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("konto.urls")),
    # django.contrib.auth's views with the application's templates (templates/registration);
    # password reset only where e-mail can be sent.
    path("konto/login/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(form_class=LosenordsbyteForm), name="password_change"),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/aterstall/", kraver_epost(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path("konto/aterstall/skickat/", kraver_epost(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        kraver_epost(auth_views.PasswordResetConfirmView.as_view(form_class=NyttLosenordForm)),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        kraver_epost(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("api/", include("api.urls")),
    path("dataskydd/", include("dataskydd.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("mal/", include("insatser.urls")),
    path("deltagare/", include("deltagare.importexport.urls")),
    path("", include("deltagare.urls")),
]

handler400 = "finsam.views.fel_400"
handler403 = "finsam.views.fel_403"
handler404 = "finsam.views.fel_404"
handler500 = "finsam.views.fel_500"
