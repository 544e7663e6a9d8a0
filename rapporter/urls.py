from django.urls import path

from . import views

app_name = "rapporter"

urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path("diagram/<str:namn>.<str:format>", views.diagram, name="diagram"),
    path("ladda-ner.<str:format>", views.ladda_ner, name="ladda_ner"),
]
