from django.urls import path

from . import views

app_name = "importexport"

urlpatterns = [
    path("import/", views.importera, name="import"),
    path("import/mall/", views.mall, name="mall"),
    path("import/historik/", views.historik, name="historik"),
    path("import/<int:pk>/", views.korning, name="korning"),
    path("import/<int:pk>/kolumner/", views.kolumner, name="kolumner"),
    path("import/<int:pk>/val/", views.val, name="val"),
    path("import/<int:pk>/bekrafta/", views.bekrafta, name="bekrafta"),
    path("import/<int:pk>/forsok-igen/", views.forsok_igen, name="forsok_igen"),
    path("import/<int:pk>/avbryt/", views.avbryt, name="avbryt"),
    path("import/<int:pk>/angra/", views.angra, name="angra"),
    path("export/", views.exportera, name="export"),
]
