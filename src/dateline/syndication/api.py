"""The syndication API (docs/syndication-api.md): an edition's articles as IPTC ninjs
items, for partners with a key. Every answer is JSON, errors included."""

import base64
import binascii
import functools
import json
from datetime import UTC, datetime
from pathlib import Path

from django.db.models import F, Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import PageLogEntry

from dateline.articles.models import ArticlePage, SectionPage
from dateline.core.agency import absolute, site_root
from dateline.core.limits import allow
from dateline.text.countries import is_country_code

from . import ninjs
from .models import PREFIX, ApiKey, key_hash

PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
LARGEST_ID = 2**63 - 1  # what a database's integer holds


class BadRequest(Exception):
    """A parameter that cannot be used; the message says which and why."""


def error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"status": status, "error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def read_only(view):
    """GET and HEAD only, answered in JSON like every other error (405 with an
    ``Allow`` header); no CSRF check, since a key, never a cookie, authorises."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(
                405,
                _("Only GET is allowed here, not %(method)s.")
                % {"method": request.method[:20]},
                Allow="GET, HEAD",
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def not_found(request, rest: str = ""):
    """Any other address under the API: a JSON 404, not the readers' page."""
    return error(404, _("There is no such address in this API."))


def partner_required(view):
    """A valid, active key within its rate: ``Authorization: Bearer <key>`` (or an
    ``X-Api-Key`` header). 401 without a valid key, 403 for a revoked one, 429
    past its rate."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        authorization = request.headers.get("Authorization", "")
        key = (
            authorization.removeprefix("Bearer ").strip()
            if authorization.startswith("Bearer ")
            else request.headers.get("X-Api-Key", "").strip()
        )
        challenge = {"WWW_Authenticate": 'Bearer realm="ninjs"'}
        if not key:
            return error(
                401,
                _("An API key is needed: send it as “Authorization: Bearer <key>”."),
                **challenge,
            )
        lookup = key.removeprefix(PREFIX).partition("_")[0]
        api_key = ApiKey.objects.filter(lookup=lookup).first() if lookup else None
        if api_key is None or not constant_time_compare(api_key.hashed, key_hash(key)):
            return error(401, _("This API key is not valid."), **challenge)
        if not api_key.active:
            return error(403, _("This API key has been revoked."))
        if not allow("ninjs", str(api_key.pk), limit=api_key.per_minute, seconds=60):
            return error(
                429,
                _("Too many requests: this key may make %(count)d a minute.")
                % {"count": api_key.per_minute},
                Retry_After="60",
            )
        ApiKey.objects.filter(pk=api_key.pk).update(
            requests=F("requests") + 1, last_used_at=timezone.now()
        )
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return error(400, str(problem))

    return wrapped


def _when(request, name: str) -> datetime | None:
    value = request.GET.get(name)
    if not value:
        return None
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            # In UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601
            # allows (-20:53 ended in a server error); the moment is the same.
            parsed = parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # no such date or time, or past the calendar
        parsed = None
    if parsed is None:
        raise BadRequest(
            _("“%(name)s” must be a date and time as ISO 8601: 2026-11-28T06:00:00Z.")
            % {"name": name}
        )
    return parsed


def _articles(request):
    if any("\x00" in value for value in request.GET.values()):
        raise BadRequest(_("Parameters cannot contain null characters."))
    language = get_language()
    requested = request.GET.get("language")
    if requested and requested != language:
        raise BadRequest(
            _("This is the “%(edition)s” edition; its items are all in that language.")
            % {"edition": language}
        )
    articles = ArticlePage.objects.published().filter(locale__language_code=language)
    since, until = _when(request, "since"), _when(request, "until")
    updated = _when(request, "updated_since")
    if since:
        articles = articles.filter(published_at__gte=since)
    if until:
        articles = articles.filter(published_at__lt=until)
    if updated:
        articles = articles.filter(last_published_at__gte=updated)
    country = request.GET.get("country")
    if country:
        if not is_country_code(country):
            raise BadRequest(
                _("“%(code)s” is not an ISO 3166 country code.") % {"code": country}
            )
        articles = articles.for_country(country)
    section = request.GET.get("section")
    if section:
        found = SectionPage.objects.filter(
            slug=section, locale__language_code=language
        ).first()
        if found is None:
            raise BadRequest(_("There is no section “%(slug)s”.") % {"slug": section})
        articles = articles.filter(section__translation_key=found.translation_key)
    return articles, bool(updated)


def _cursor(value: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{value.isoformat()}|{pk}".encode()).decode()


def _after(cursor: str) -> tuple[datetime, int]:
    try:
        when, _bar, pk = base64.urlsafe_b64decode(cursor).decode().partition("|")
        moment = datetime.fromisoformat(when)
        if timezone.is_naive(moment) or not 0 < int(pk) <= LARGEST_ID:
            raise ValueError(when)
        return moment, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(_("This cursor is not one the API gave.")) from None


def _size(request) -> int:
    value = request.GET.get("limit", str(PAGE_SIZE))
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise BadRequest(
            _("“limit” must be a number from 1 to %(most)d.") % {"most": MAX_PAGE_SIZE}
        )
    return int(value)


def _with_relations(articles):
    return articles.select_related("locale", "section").prefetch_related(
        "countries", "bylines__author__localized_names", "corrections"
    )


@read_only
@partner_required
def items(request):
    """Newest first; with ``updated_since`` (polling), oldest change first."""
    articles, polling = _articles(request)
    size = _size(request)
    field = "last_published_at" if polling else "published_at"
    cursor = request.GET.get("cursor")
    if cursor:
        moment, pk = _after(cursor)
        beyond = "gt" if polling else "lt"
        articles = articles.filter(
            Q(**{f"{field}__{beyond}": moment})
            | Q(**{field: moment, f"pk__{beyond}": pk})
        )
    order = (field, "pk") if polling else (f"-{field}", "-pk")
    page = list(_with_relations(articles.order_by(*order))[: size + 1])
    more, page = len(page) > size, page[:size]
    root = site_root()
    translations = _translations(page)
    data = {
        "items": [
            ninjs.item(
                a, root=root, translations=translations.get(a.pk, []), request=request
            )
            for a in page
        ],
        "next": None,
    }
    if more:
        last = page[-1]
        query = request.GET.copy()
        query["cursor"] = _cursor(getattr(last, field), last.pk)
        data["next"] = absolute(f"{request.path}?{query.urlencode()}")
    return JsonResponse(data)


def _translations(articles) -> dict[int, list[ArticlePage]]:
    """Each article's published versions in the other editions."""
    versions = ArticlePage.objects.published().versions_of(articles)
    return {
        a.pk: [v for v in versions.get(a.translation_key, []) if v.pk != a.pk]
        for a in articles
    }


@read_only
@partner_required
def item(request, pk: str):
    """One item by its URI; a withdrawn article stays, marked ``canceled``."""
    if not pk.isascii() or not pk.isdigit() or not 0 < int(pk) <= LARGEST_ID:
        return error(404, _("There is no such item."))
    pk = int(pk)
    article = (
        _with_relations(
            ArticlePage.objects.filter(locale__language_code=get_language())
        )
        .filter(
            pk=pk, first_published_at__isnull=False, published_at__lte=timezone.now()
        )
        .first()
    )
    if article is not None and not article.live:
        article = _as_last_published(article)
    if article is None:
        return error(404, _("There is no such item."))
    translations = _translations([article]).get(article.pk, [])
    return JsonResponse(
        ninjs.item(
            article, root=site_root(), translations=translations, request=request
        )
    )


def _as_last_published(article):
    """A withdrawn article as partners last had it: its last published revision,
    never a draft saved since (whose headline and place nobody released)."""
    entry = (
        PageLogEntry.objects.filter(
            page_id=article.pk,
            action__in=["wagtail.publish", "wagtail.publish.scheduled"],
            revision__isnull=False,
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    released = entry.revision.as_object()
    released.live = False
    return released


OPENAPI = Path(__file__).with_name("openapi.json")


@read_only
def openapi(request):
    """The API's OpenAPI description (public: it holds no data)."""
    return JsonResponse(json.loads(OPENAPI.read_text(encoding="utf-8")))
