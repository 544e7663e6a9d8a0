from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Deltagaruppföljning"
admin.site.site_title = "Deltagaruppföljning"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("dataskydd/", include("dataskydd.urls")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
