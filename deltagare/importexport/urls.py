from django.urls import path

from . import views

app_name = "importexport"

urlpatterns = [
    path("import/", views.importera, name="import"),
    path("import/mall/", views.mall, name="mall"),
    path("import/<int:pk>/", views.korning, name="korning"),
    path("import/<int:pk>/bekrafta/", views.bekrafta, name="bekrafta"),
    path("import/<int:pk>/avbryt/", views.avbryt, name="avbryt"),
    path("export/", views.exportera, name="export"),
]
