from django.urls import path

from . import views

app_name = "dataskydd"

urlpatterns = [
    path("registerutdrag/", views.registerutdrag_view, name="registerutdrag"),
]
