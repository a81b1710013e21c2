"""Dateline's URLs, and one more: the serving benchmark's anchor, a plain Django view
answering with bytes given to it (bench/serving.py ``cpu_per_page``), through the
same middleware as every page."""

from django.http import HttpResponse
from django.urls import path

from dateline.urls import urlpatterns as dateline_urlpatterns

BODY = {"bytes": b""}


def plain(request):
    return HttpResponse(BODY["bytes"])


urlpatterns = [path("__plain__/", plain), *dateline_urlpatterns]
