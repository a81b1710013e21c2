"""Benchmark See also on a large archive: ``make bench`` (or ``uv run python
bench/see_also.py --articles 100000``).

Builds an archive in a throw-away SQLite database: four editions, articles assembled
from the sentences of our evaluation corpus (bench/data/), grouped into running
stories, a quarter of them with translations; then measures the bulk rebuild (time,
peak memory) and the incremental refresh after a publication. Prints the figures as
a Markdown table for docs/performance.md. Nothing here asserts a time.

Our corpus has about 1,500 distinct English words; a real archive of this size has a
hundred times more, and most of an article's strongest terms are rare ones (names,
places, particular words). So each article also gets a sentence of its running story's
names and of words drawn from a large made-up lexicon by Zipf's law, as real word
frequencies fall (see docs/performance.md).
"""

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import peak_mb, setup

HERE = Path(__file__).resolve().parent
EDITIONS = ["en", "it", "zh-hans", "es"]
COUNTRIES = str.split("CN JP KR KP MN IN PK BD NP LK ID PH VN TH MM KH LA MY KZ UZ KG")
TAGS = str.split("rail water climate debt trade labour energy health refugees cities")
SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
LEXICON = 200_000  # made-up words per language
FLUSH = 20_000  # articles written at a time


def made_up_word(rng: random.Random, language: str) -> str:
    if language == "zh-hans":  # two of the first 3,500 characters of CJK
        return "".join(chr(0x4E00 + rng.randrange(3500)) for _ in range(2))
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


class Lexicon:
    """Words of one language, drawn by Zipf's law (the n-th word as often as 1/n)."""

    def __init__(self, rng: random.Random, language: str):
        self.rng = rng
        self.words = [made_up_word(rng, language) for _ in range(LEXICON)]
        total, self.cumulative = 0.0, []
        for rank in range(1, LEXICON + 1):
            total += 1 / rank
            self.cumulative.append(total)

    def draw(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)


def corpus() -> dict[str, list[list[str]]]:
    """Sentences by language, grouped by story (so generated stories hang together)."""
    stories: dict[tuple[str, str], list[str]] = {}
    for path in sorted((HERE / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = " ".join([record["lede"], record["body"].replace("\n\n", " ")])
            sentences = [s for s in SENTENCE.split(text) if len(s) > 20]
            stories.setdefault((record["language"], record["story"]), []).extend(
                sentences
            )
    by_language: dict[str, list[list[str]]] = {language: [] for language in EDITIONS}
    for (language, _story), sentences in stories.items():
        by_language[language].append(sentences)
    return by_language


def build(
    articles: int,
    seed: int = 1,
    sentences: tuple[int, int] = (4, 7),
    lexicon_words: int = 12,
    editions: list[str] = EDITIONS,
) -> None:
    """Insert ``articles`` published articles in bulk (pages, countries, tags), each of
    a number of its story's sentences in the ``sentences`` range and ``lexicon_words``
    words of the made-up lexicon. With one edition in ``editions``, every article is
    in it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from taggit.models import Tag
    from wagtail.models import Page

    from dateline.articles.models import (
        ArticleCountry,
        ArticlePage,
        ArticleTag,
        HomePage,
        MonthArchivePage,
    )
    from dateline.articles.services import archive_month_get_or_create

    rng = random.Random(seed)
    pools = corpus()
    homes = {
        h.locale.language_code: h for h in HomePage.objects.select_related("locale")
    }
    content_type = ContentType.objects.get_for_model(ArticlePage)
    months = 240  # January 2006 to December 2025

    def day_in(month: int) -> datetime:
        first = datetime(2006 + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        return first + timedelta(days=rng.uniform(0, 27), minutes=rng.randint(0, 1439))

    folders = {
        (language, m): archive_month_get_or_create(
            home=homes[language],
            when=datetime(2006 + m // 12, m % 12 + 1, 15, tzinfo=UTC),
        )
        for language in EDITIONS
        for m in range(months)
    }
    tags = {name: Tag.objects.get_or_create(name=name, slug=name)[0] for name in TAGS}
    # Folders may hold articles already (the demo's): new ones come after them.
    children = {
        key: int(last.path[-4:], 36) if (last := folder.get_last_child()) else 0
        for key, folder in folders.items()
    }
    already = dict(children)
    next_id = (
        Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    page_columns = [f.column for f in ArticlePage._meta.local_concrete_fields]

    lexicons = {language: Lexicon(rng, language) for language in EDITIONS}

    def article_rows(language, story_key, month, published, names):
        nonlocal next_id
        pool = rng.choice(pools[language])
        text = [rng.choice(pool) for _ in range(rng.randint(*sentences))]
        words = names[language] + lexicons[language].draw(lexicon_words)
        rng.shuffle(words)
        text.append(("" if language == "zh-hans" else " ").join(words) + ".")
        folder = folders[(language, month)]
        children[(language, month)] += 1
        n = children[(language, month)]
        digits, number = "", n
        while number:
            number, rest = divmod(number, 36)
            digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
        slug = f"a{next_id}"
        page = Page(
            id=next_id,
            path=folder.path + digits.rjust(4, "0"),
            depth=folder.depth + 1,
            numchild=0,
            title=text[0][:250],
            draft_title=text[0][:250],
            slug=slug,
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            url_path=f"{folder.url_path}{slug}/",
            locale_id=folder.locale_id,
            translation_key=story_key,
            first_published_at=published,
            last_published_at=published,
        )
        body = json.dumps(
            [
                {"type": "paragraph", "value": f"<p>{s}</p>", "id": str(uuid.uuid4())}
                for s in text[2:]
            ]
        )
        values = {
            "page_ptr_id": next_id,
            "lede": text[1],
            "published_at": published,
            "updated_at": None,
            "dateline_place": "",
            "dateline_country": "",
            "dateline_agency": "",
            "body": body,
            "section_id": None,
            "see_also_mode": "auto",
            "breaking": False,
            "digest_lead": False,
        }
        next_id += 1
        return page, [values[c] for c in page_columns], pool

    placeholders = ", ".join(["%s"] * len(page_columns))
    # Table and column names come from the model; values are parameters.
    insert = (
        f"INSERT INTO {ArticlePage._meta.db_table} "  # noqa: S608
        f"({', '.join(page_columns)}) VALUES ({placeholders})"
    )
    pages, rows, countries, tagged = [], [], [], []

    def flush() -> None:
        """Write what is built so far, in a transaction of its own (a million
        articles are never all in memory)."""
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=2000)
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
            ArticleCountry.objects.bulk_create(countries, batch_size=5000)
            ArticleTag.objects.bulk_create(tagged, batch_size=5000)
            for key, n in children.items():
                if n > already[key]:
                    MonthArchivePage.objects.filter(pk=folders[key].pk).update(
                        numchild=F("numchild") + n - already[key]
                    )
                    already[key] = n
        for made_so_far in (pages, rows, countries, tagged):
            made_so_far.clear()

    made = 0
    while made < articles:
        story_countries = rng.sample(COUNTRIES, rng.randint(1, 2))
        story_tags = rng.sample(TAGS, rng.randint(0, 2))
        month = rng.randrange(months)
        thread_length = rng.randint(1, 4)
        latin = [made_up_word(rng, "en") for _ in range(3)]  # names, as spelt in it, es
        names = dict.fromkeys(EDITIONS, latin) | {
            "zh-hans": [made_up_word(rng, "zh-hans") for _ in range(3)]
        }
        for _ in range(thread_length):
            key = uuid.uuid4()
            published = day_in(month)
            story_editions = ["en"] + (
                rng.sample(EDITIONS[1:], rng.randint(1, 3))
                if rng.random() < 0.25
                else []
            )
            if rng.random() < 0.3:  # an edition's own story
                story_editions = [rng.choice(EDITIONS[1:])]
            if len(editions) == 1:
                story_editions = editions
            for language in story_editions:
                page, row, _pool = article_rows(language, key, month, published, names)
                pages.append(page)
                rows.append(row)
                countries += [
                    ArticleCountry(article_id=page.id, code=c, sort_order=i)
                    for i, c in enumerate(story_countries)
                ]
                tagged += [
                    ArticleTag(content_object_id=page.id, tag=tags[t])
                    for t in story_tags
                ]
                made += 1
            month = min(months - 1, month + rng.randint(0, 6))
        if len(pages) >= FLUSH:
            flush()
            sys.stderr.write(f"archive: {made:,} of {articles:,}\r")
    flush()
    if connection.vendor == "postgresql":  # ids were given: move the sequence on
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
                "(SELECT MAX(id) FROM wagtailcore_page))"
            )
            cursor.execute("ANALYZE")  # autovacuum may be off, or not yet run


def _published(kind: str, source):
    """Publish through Wagtail, as an editor would: a new article following
    ``source``'s story, a correction of ``source``, or its Italian translation.
    Returns the page whose refresh the publication queues."""
    from django.utils import timezone
    from wagtail.models import Locale

    from dateline.articles.models import ArticlePage

    if kind == "new":
        page = ArticlePage(
            title=f"{source.title}: what happened next",
            slug=f"next-{uuid.uuid4().hex[:12]}",
            lede=source.lede,
            body=source.body,
            published_at=timezone.now(),
            locale_id=source.locale_id,
        )
        source.get_parent().add_child(instance=page)
    elif kind == "correction":
        page = source
        page.lede = f"{page.lede} (Corrected: a figure in the second paragraph.)"
    else:
        italian = Locale.objects.get(language_code="it")
        page = source.copy_for_translation(italian, copy_parents=True)
        page.title = f"{source.title} (it)"
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def refreshes(updates: int) -> list[str]:
    """A publication's refresh after a real publication through Wagtail (a new
    article, a correction, a translation, in turn): its own lists, as the queued
    task computes them, then each other story it changes, as their tasks do."""
    from dateline.articles.models import ArticlePage
    from dateline.related.services import article_refresh, story_recompute

    rng = random.Random(2)
    published = ArticlePage.objects.published()
    # A follow-up or a correction of any article, in any edition, whatever its
    # story's size; a translation of an English article that has no Italian one.
    pools = {
        "new": list(published.values_list("pk", flat=True)),
        "correction": list(published.values_list("pk", flat=True)),
        "translation": list(
            published.filter(locale__language_code="en")
            .exclude(
                translation_key__in=ArticlePage.objects.filter(
                    locale__language_code="it"
                ).values("translation_key")
            )
            .values_list("pk", flat=True)
        ),
    }
    kinds = ("new", "correction", "translation")
    timings = {kind: [] for kind in kinds}
    others, affected = [], []
    for n in range(updates):
        kind = kinds[n % len(kinds)]
        source_id = pools[kind].pop(rng.randrange(len(pools[kind])))
        page = _published(kind, ArticlePage.objects.get(pk=source_id))
        began = time.perf_counter()
        stories = article_refresh(page.pk)
        timings[kind].append((time.perf_counter() - began) * 1000)
        affected.append(len(stories))
        for story in stories:  # what the queued tasks do, one story each
            began = time.perf_counter()
            story_recompute(story)
            others.append((time.perf_counter() - began) * 1000)

    def spread(values: list[float]) -> str:
        values = sorted(values)
        at = lambda q: values[min(len(values) - 1, int(len(values) * q))]  # noqa: E731
        return (
            f"median {statistics.median(values):.0f} ms, 90th percentile "
            f"{at(0.9):.0f} ms, 99th {at(0.99):.0f} ms, slowest {values[-1]:.0f} ms"
        )

    every = [t for kind in kinds for t in timings[kind]]
    return [
        f"| refresh after a publication through Wagtail ({updates}: new articles, "
        f"corrections and translations in turn): its own lists | {spread(every)} |",
        *(
            f"| of which {kind} ({len(timings[kind])}) | {spread(timings[kind])} |"
            for kind in kinds
        ),
        f"| then, in tasks of their own, the other stories it changes | "
        f"{statistics.mean(affected):.1f} per publication, "
        f"{spread(others or [0])} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--updates", type=int, default=150, help="publications whose refresh is timed"
    )
    parser.add_argument(
        "--refresh-only",
        action="store_true",
        help="measure only the refresh, on the archive an earlier run left in "
        "BENCH_DATABASE_URL",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        setup(tmp)
        if args.refresh_only:
            sys.stdout.write("\n".join(refreshes(args.updates)) + "\n")
            return
        from django.db import connection

        from dateline.articles.models import ArticlePage
        from dateline.related.rebuild import rebuild

        began = time.perf_counter()
        build(args.articles)
        built = time.perf_counter() - began
        total = ArticlePage.objects.count()
        sys.stderr.write(f"archive: {total} articles in {built:.0f} s\n")

        before = peak_mb()
        stages = {}

        def progress(stage, n):
            stages[stage] = time.perf_counter()
            return lambda k: None

        began = time.perf_counter()
        rebuild(progress=progress)
        ended = time.perf_counter()
        rebuilt = ended - began
        peak = peak_mb()
        from dateline.related.models import SeeAlsoItem

        listed = SeeAlsoItem.objects.values("article_id").distinct().count()
        sys.stdout.write(
            "\n".join(
                [
                    f"| archive | {total:,} articles, 4 editions "
                    f"({connection.vendor}) |",
                    f"| bulk rebuild (`dateline related rebuild`) | {rebuilt:.0f} s "
                    f"(counting {stages['index'] - stages['count']:.0f} s, indexing "
                    f"{stages['lists'] - stages['index']:.0f} s, lists "
                    f"{ended - stages['lists']:.0f} s) |",
                    f"| peak memory (process) | {peak:.0f} MB (before the rebuild: "
                    f"{before:.0f} MB) |",
                    f"| articles with a See also after the rebuild | {listed:,} "
                    f"({listed / total:.1%}) |",
                    *refreshes(args.updates),
                ]
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
