from django.urls import path

from . import api

app_name = "ninjs"
urlpatterns = [
    path("", api.items, name="items"),
    path("items/<int:pk>/", api.item, name="item"),
    path("openapi.json", api.openapi, name="openapi"),
]
