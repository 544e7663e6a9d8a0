from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .schema import BESKRIVNING

router = SimpleRouter()
router.register("deltagare", views.DeltagareViewSet, basename="deltagare")
router.register("insatser", views.InsatsViewSet, basename="insats")

app_name = "api"
urlpatterns = [
    *router.urls,
    path("kodlistor/", views.KodlistorView.as_view(), name="kodlistor"),
    path("rapporter/", views.RapportlistaView.as_view(), name="rapporter"),
    path("rapporter/<str:namn>/", views.RapportView.as_view(), name="rapport"),
    path("finsam/", views.FinsamView.as_view(), name="finsam"),
    path("schema/", SpectacularAPIView.as_view(custom_settings={"DESCRIPTION": BESKRIVNING}), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Ends in a slash so that CommonMiddleware's APPEND_SLASH redirect still reaches the routes.
    re_path(r"^[\s\S]*/$", views.ej_funnen, name="ej-funnen"),
]
