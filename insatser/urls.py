from django.urls import path

from . import views

app_name = "insatser"

urlpatterns = [
    path("", views.mal_lista, name="mal_lista"),
    path("ny/", views.mal_ny, name="mal_ny"),
    path("<int:pk>/", views.mal_andra, name="mal_andra"),
    path("<int:pk>/ta-bort/", views.mal_ta_bort, name="mal_ta_bort"),
]
