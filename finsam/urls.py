from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("konto.urls")),
    path("konto/", include("django.contrib.auth.urls")),
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
