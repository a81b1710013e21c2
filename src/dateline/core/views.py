from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .agency import agency_name


def privacy(request):
    """What the site keeps about readers, and for how long (docs/newsletters.md)."""
    return render(
        request,
        "privacy.html",
        {
            "pending_days": settings.DATELINE_NEWSLETTERS["PENDING_DAYS"],
            "share_days": settings.DATELINE_SHARING["RETENTION_DAYS"],
        },
    )


def too_many_requests(request):
    """The page a reader gets when a rate limit stops them (HTTP 429)."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def server_error(request):
    """HTTP 500 in the site's design, rendered without the database or context
    processors (whatever failed may be what they need): the agency's name comes
    from the settings alone."""
    return HttpResponseServerError(
        loader.get_template("500.html").render({"agency_name": agency_name()})
    )
