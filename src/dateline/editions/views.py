from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


@never_cache
def choose(request, language):
    """Remember the reader's edition and go to ``next`` in it (a switcher link).

    The choice only decides where ``/`` sends the reader later, so a GET is enough;
    ``next`` must be a path of the chosen edition on this site.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    prefix = f"/{language}/"
    target = request.GET.get("next", "")
    if not (
        target.startswith(prefix)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        target = prefix
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
