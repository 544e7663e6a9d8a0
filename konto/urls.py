from django.urls import path

from . import views

app_name = "konto"

urlpatterns = [
    path("tvafaktor/", views.tvafaktor, name="tvafaktor"),
    path("tvafaktor/ny/", views.tvafaktor_ny, name="tvafaktor_ny"),
    path("tvafaktor/reservkoder/", views.reservkoder, name="reservkoder"),
    path("forlang/", views.forlang, name="forlang"),
]
