from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import cache_control

from .agency import absolute, agency_name


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


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability, from
    DATELINE_SECURITY_CONTACT; none without it."""
    contact = settings.DATELINE_SECURITY_CONTACT
    if not contact:
        raise Http404
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en, it, zh, es",
        f"Canonical: {absolute(request.path)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever a page says
    (pages name the SVG one)."""
    path = finders.find("dateline/img/favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")  # noqa: SIM115


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a sign-in from an address with too many failures
    (settings AXES_*): 429, with when to try again."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "locked_out.html", {"minutes": max(1, seconds // 60)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def server_error(request):
    """HTTP 500 in the site's design, rendered without the database or context
    processors (whatever failed may be what they need): the agency's name comes
    from the settings alone."""
    return HttpResponseServerError(
        loader.get_template("500.html").render({"agency_name": agency_name()})
    )
