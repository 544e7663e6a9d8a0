from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("api/", include("api.urls")),
    path("dataskydd/", include("dataskydd.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("deltagare/", include("deltagare.importexport.urls")),
    path("", include("deltagare.urls")),
]
