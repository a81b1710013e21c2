from django.urls import re_path

from .feeds import feed

app_name = "feeds"
FORMAT = r"(?P<format>rss|atom|json)"
urlpatterns = [
    re_path(rf"^{FORMAT}/$", feed, name="edition"),
    re_path(
        rf"^{FORMAT}/(?P<kind>sections|countries|authors)/(?P<key>[^/]+)/$",
        feed,
        name="scoped",
    ),
]
