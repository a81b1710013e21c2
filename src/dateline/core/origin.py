"""Cross-site request protection without a token, for forms on cached pages
(docs/decisions/0013-page-cache.md).

A page every reader shares cannot hold a CSRF token of one reader's. The newsletter
form under each article is such a page's, so its view checks where the POST comes
from instead, from what the browser itself says (the algorithm of Go's
``http.CrossOriginProtection``):

1. ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` or ``none``
   (typed, or a bookmark) passes; ``same-site`` and ``cross-site`` do not.
2. Without it, ``Origin``: it must be this site, or one of ``CSRF_TRUSTED_ORIGINS``.
3. With neither, the request is not a browser's form on another site (older browsers
   send ``Origin`` on every cross-site POST): it passes, as a script's would anyway.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.views.decorators.csrf import csrf_exempt


def same_origin(request) -> bool:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    return urlsplit(origin).netloc == request.get_host()


def cross_origin_protected(view):
    """Replace Django's CSRF token check on ``view`` by the origin check above."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not same_origin(request):
            raise PermissionDenied("cross-origin request")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
