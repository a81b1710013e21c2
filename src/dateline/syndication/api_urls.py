from django.urls import path, re_path

from . import api

app_name = "ninjs"
urlpatterns = [
    path("", api.items, name="items"),
    path("items/<str:pk>/", api.item, name="item"),
    path("openapi.json", api.openapi, name="openapi"),
    re_path(r"^(?P<rest>.*)$", api.not_found),
]
