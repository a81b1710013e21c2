from django.urls import path, re_path

from . import api

app_name = "ninjs"
urlpatterns = [
    path("", api.items, name="items"),
    path("items/<str:pk>/", api.item, name="item"),
    path("openapi.json", api.openapi, name="openapi"),
    # Any other address ending in a slash: a JSON 404. One without the slash does
    # not match, so that Django's APPEND_SLASH still redirects it first.
    re_path(r"^(?P<rest>.*/)$", api.not_found),
]
