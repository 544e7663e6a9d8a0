from django.urls import path

from . import views

app_name = "deltagare"

urlpatterns = [
    path("", views.start, name="start"),
    path("sok/", views.sok, name="sok"),
    path("insatser/<int:insats_id>/deltagare/", views.lista, name="lista"),
    path("insatser/<int:insats_id>/deltagare/ny/", views.ny, name="ny"),
    path("insatser/<int:insats_id>/deltagare/avsluta/", views.avsluta_flera, name="avsluta_flera"),
    path("deltagare/<int:pk>/", views.visa, name="visa"),
    path("deltagare/<int:pk>/andra/", views.andra, name="andra"),
    path("deltagare/<int:pk>/avsluta/", views.avsluta, name="avsluta"),
    path("deltagare/<int:pk>/ateroppna/", views.ateroppna, name="ateroppna"),
    path("deltagare/<int:pk>/ta-bort/", views.ta_bort, name="ta_bort"),
    path("uppfoljningar/", views.uppfoljningar, name="uppfoljningar"),
    path("uppfoljningar/utforda/", views.uppfoljningar_utforda_view, name="uppfoljningar_utforda"),
    path("uppfoljningar/<int:pk>/utford/", views.uppfoljning_utford, name="uppfoljning_utford"),
    path("uppfoljningar/<int:pk>/andra/", views.uppfoljning_andra, name="uppfoljning_andra"),
    path("uppfoljningar/<int:pk>/angra/", views.uppfoljning_angra, name="uppfoljning_angra"),
]
