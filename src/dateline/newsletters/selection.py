"""Which stories a digest tells each subscriber (docs/newsletters.md): the period's
stories, read once per run, chosen by the subscriber's editions, countries and
topics, from after the last digest they were sent."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.core.agency import absolute
from dateline.mail.models import Message
from dateline.text.countries import country_name

from .models import Delivery, Digest, Frequency, Subscriber

# A first digest looks back one period; a later one to the last digest sent, but
# never further back than this.
PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
FURTHEST = {Frequency.DAILY: timedelta(days=7), Frequency.WEEKLY: timedelta(days=28)}


@dataclass(frozen=True)
class Story:
    """What a digest shows of an article, read once per run."""

    key: str  # translation key: the same story in every edition
    language: str
    title: str
    lede: str
    url: str
    published_at: datetime
    countries: frozenset
    section_key: str
    section_title: str
    lead: bool


def issue_key(frequency: str, now: datetime) -> str:
    """Today's date, or this ISO week: one digest of each per period."""
    day = timezone.localdate(now)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def stories(*, since: datetime, until: datetime, translation_key=None) -> list[Story]:
    """The published articles of the period (or one story's versions), newest first."""
    articles = ArticlePage.objects.published().filter(published_at__lte=until)
    if translation_key is not None:
        articles = articles.filter(translation_key=translation_key)
    else:
        articles = articles.filter(published_at__gt=since)
    articles = (
        articles.select_related("locale", "section")
        .prefetch_related("countries")
        .order_by("-published_at", "-pk")
    )
    return [
        Story(
            key=str(article.translation_key),
            language=article.locale.language_code,
            title=article.title,
            lede=article.lede,
            url=absolute(article.url or ""),
            published_at=article.published_at,
            countries=frozenset(c.code for c in article.countries.all()),
            section_key=str(article.section.translation_key) if article.section else "",
            section_title=article.section.title if article.section else "",
            lead=article.digest_lead,
        )
        for article in articles
    ]


def select(
    pool: list[Story], subscriber: Subscriber, since: datetime, *, lead: bool = True
) -> tuple[Story | None, list[tuple[str, list[Story]]]]:
    """The lead story and the groups of stories one subscriber gets: one version of
    each story (their language first), in their editions, about their countries or
    topics (all, if they chose none), published after ``since``."""
    language, editions, countries, sections = subscriber.preferences
    # Their editions only, the one of their language first.
    rank = {
        code: i for i, code in enumerate(sorted(editions, key=lambda c: c != language))
    }
    best: dict[str, Story] = {}
    for story in pool:
        if story.language not in rank or story.published_at <= since:
            continue
        kept = best.get(story.key)
        if kept is None or rank[story.language] < rank[kept.language]:
            best[story.key] = story
    chosen = sorted(best.values(), key=lambda s: s.published_at, reverse=True)
    lead = next((story for story in chosen if story.lead), None) if lead else None
    everything = not countries and not sections
    matching = [
        story
        for story in chosen
        if story is not lead
        and (
            everything
            or story.countries & set(countries)
            or story.section_key in sections
        )
    ]
    groups: dict[str, list[Story]] = {}
    for story in matching:
        if story.section_title:
            title = story.section_title
        elif story.countries:
            title = country_name(sorted(story.countries)[0], language)
        else:
            title = ""
        groups.setdefault(title, []).append(story)
    return lead, list(groups.items())


def since_last(digest: Digest, chunk: list[Subscriber]) -> dict[int, datetime]:
    """Where each subscriber's digest starts: after the last one they were sent."""
    until = digest.period_end
    if digest.frequency == Frequency.BREAKING:
        return {s.pk: until - timedelta(days=1) for s in chunk}
    last = dict(
        Delivery.objects.filter(
            subscriber__in=chunk,
            message__status=Message.Status.SENT,
            digest__frequency=digest.frequency,
            digest__period_end__lt=until,
        )
        .values("subscriber")
        .annotate(end=Max("digest__period_end"))
        .values_list("subscriber", "end")
    )
    # A first digest (a new subscriber's) brings the period's news.
    first = until - PERIOD[digest.frequency]
    furthest = until - FURTHEST[digest.frequency]
    return {s.pk: max(last.get(s.pk, first), furthest) for s in chunk}
