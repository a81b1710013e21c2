"""Benchmark search: ``make bench`` (or ``uv run python bench/search.py --articles
100000 [--database postgres]``).

Builds an archive of articles of about 600 words (see_also.build: sentences of a
running story, and words drawn by Zipf's law from a made-up lexicon of 200,000, as
real word frequencies fall), indexes it through Wagtail's search, then times two-word
queries in the English edition in three bands:

- rare: two names of one running story (a handful of matches);
- typical: two words of middling frequency (hundreds to a few thousand matches);
- common: two of the commonest words (most of the edition matches, as "China
  government" does in a real archive).

Each query is timed as the search page runs it (the window of newest matches, ranked,
then the first page of 20 read with its headlines and snippets marked), relevance first
and newest first; and, for comparison, as a stock engine runs it on the same index
(rank every match, keep 20). Prints Markdown rows for docs/performance.md. Nothing
here asserts a time.
"""

import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from common import archive_folder, archive_parser, setup

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PG_DATABASE = "dateline_bench_search"
BANDS = {"rare": (1, 100), "typical": (300, 3_000), "common": (10_000, 10**9)}
QUERIES = 40  # per band


def index(processes: int = 1) -> float:
    """Build the readers' search index as ``dateline search rebuild`` does, in
    ``processes`` processes (as several workers would); articles a second."""
    from dateline.search.services import documents_rebuild

    began = time.perf_counter()
    done = documents_rebuild() if processes == 1 else index_in(processes)
    return done / (time.perf_counter() - began)


def index_in(processes: int) -> int:
    """What is not indexed yet, in batches shared out between ``processes`` forked
    processes."""
    import multiprocessing

    from django.db import connections
    from django.db.models import Exists, OuterRef

    from dateline.articles.models import ArticlePage
    from dateline.search.models import SearchDocument
    from dateline.search.services import BATCH, documents_index, for_indexing

    # NOT EXISTS: a NOT IN over a million indexed ids runs for many minutes.
    indexed = SearchDocument.objects.filter(article_id=OuterRef("pk"))
    ids = list(
        ArticlePage.objects.filter(live=True, published_at__isnull=False)
        .exclude(Exists(indexed))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]

    def work(share: list[list[int]]) -> None:
        for n, batch in enumerate(share):
            documents_index(
                articles=list(for_indexing(ArticlePage.objects.filter(pk__in=batch)))
            )
            if n % 20 == 0:
                sys.stderr.write(f"index: {n * BATCH:,} of {len(share) * BATCH:,}\r")

    connections.close_all()  # each process opens its own
    fork = multiprocessing.get_context("fork")
    workers = [
        fork.Process(target=work, args=(batches[k::processes],))
        for k in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"an indexing process failed ({worker.exitcode})")
    return len(ids)


def queries(rng: random.Random) -> dict[str, list[tuple[str, int]]]:
    """Two-word queries per band, with their estimated number of matches."""
    from dateline.articles.models import ArticlePage
    from dateline.text.indexing import words

    english = ArticlePage.objects.filter(locale__language_code="en")
    total = english.count()
    every = list(english.values_list("pk", flat=True))
    sample_ids = rng.sample(every, min(4000, len(every)))
    docs = []
    body = ArticlePage._meta.get_field("body")
    for page in english.filter(pk__in=sample_ids).only("body", "lede", "title"):
        text = " ".join(
            [page.title, page.lede, *body.get_searchable_content(page.body)]
        )
        docs.append(set(words(re.sub(r"<[^>]+>", " ", text))))
    df = Counter(w for doc in docs for w in doc)
    scale = total / len(docs)
    by_df = [w for w, _ in df.most_common() if len(w) > 3]

    def estimate(a, b):
        return sum(1 for doc in docs if a in doc and b in doc) * scale

    bands: dict[str, list[tuple[str, int]]] = {name: [] for name in BANDS}
    pools = {
        "common": by_df[:40],
        "typical": [w for w in by_df if 0.04 < df[w] / len(docs) < 0.25],
        "rare": [w for w in by_df if df[w] == 1],
    }
    for name, (low, high) in BANDS.items():
        pool = pools[name]
        tries = 0
        while len(bands[name]) < QUERIES and tries < 20_000:
            tries += 1
            a, b = rng.sample(pool, 2)
            if name == "rare":  # a word of one sampled article with another of it
                doc = next(d for d in docs if a in d)
                b = rng.choice(sorted(w for w in doc if df[w] <= 2 and w != a) or [a])
                estimate_ab = 1
            else:
                estimate_ab = estimate(a, b)
            if low <= estimate_ab <= high and a != b:
                bands[name].append((f"{a} {b}", int(estimate_ab)))
    return bands


def timed(bands, order: str) -> dict[str, dict]:
    """Each query as the search page runs it: the window, ranked, and the first page
    of results with their headlines and snippets marked."""
    from dateline.search import results
    from dateline.search.query import parse

    figures = {}
    for name, items in bands.items():
        times, counts = [], []
        for text, _estimate in items:
            began = time.perf_counter()
            found = results.search(query=parse(text, "en"), language="en", order=order)
            times.append((time.perf_counter() - began) * 1000)
            counts.append(found.count)
        times.sort()
        figures[name] = {
            "median": statistics.median(times),
            "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
            "matches": statistics.median(counts),
            "capped": sum(1 for c in counts if c >= results.WINDOW),
            "n": len(times),
        }
    return figures


def main() -> None:
    parser = archive_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--processes", type=int, default=1, help="index in this many processes"
    )
    args = parser.parse_args()

    with archive_folder(args.database, PG_DATABASE) as (tmp, reuse):
        setup(tmp)
        from django.db import connection
        from see_also import build

        began = time.perf_counter()
        if not reuse:
            build(args.articles, sentences=(8, 12), lexicon_words=450)
            sys.stderr.write(f"archive: built in {time.perf_counter() - began:.0f} s\n")
        rate = index(args.processes)  # resumes: what is indexed is skipped
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        bands = queries(random.Random(3))
        for name in [name for name, items in bands.items() if not items]:
            sys.stderr.write(f"{name}: no such queries in an archive this small\n")
            del bands[name]
        relevance = timed(bands, "relevance")
        newest = timed(bands, "newest")
        every = rank_every_match(bands)
        counted = matches(bands)
        rows = [
            f"| search, {connection.vendor}, {args.articles:,} articles: building the "
            f"index (`dateline search rebuild`) | {rate:,.0f} articles/s |"
        ]
        for name in bands:
            r, n, e, c = relevance[name], newest[name], every[name], counted[name]
            rows.append(
                f"| search, {connection.vendor}, {name} two-word queries "
                f"(matches counted: median {c['median']:,.0f}, {c['min']:,} to "
                f"{c['max']:,}) | relevance: median "
                f"{r['median']:.0f} ms, p95 {r['p95']:.0f} ms; newest first: median "
                f"{n['median']:.0f} ms, p95 {n['p95']:.0f} ms ({r['n']} queries); "
                f"ranking every match instead: median {e['median']:.0f} ms, p95 "
                f"{e['p95']:.0f} ms |"
            )
        sys.stdout.write("\n".join(rows) + "\n")


def _stock(text: str, select: str, tail: str = "") -> list:
    """A two-word query run on the index as a stock engine would, in SQL."""
    from django.db import connection

    from dateline.search.engines import CONFIGS, fts5, tsquery_sql
    from dateline.search.query import parse
    from dateline.search.services import facet

    terms = parse(text, "en").for_engine()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = f"({{title body}} : ({fts5(terms)})) AND facets : "
            match += facet("l", "en")
            cursor.execute(
                f"SELECT {select} FROM search_text "  # noqa: S608
                f"WHERE search_text MATCH %s {tail}",
                [match],
            )
        else:
            tsquery, params = tsquery_sql(terms, CONFIGS["en"])
            ranked = "{tsquery}" in tail  # the ORDER BY repeats the query
            order = tail.replace("{tsquery}", tsquery)
            cursor.execute(
                f"SELECT {select} FROM search_searchdocument "  # noqa: S608
                f"WHERE vector @@ ({tsquery}) AND facets @> %s {order}",
                [*params, [facet("l", "en")], *(params if ranked else [])],
            )
        return cursor.fetchall()


def rank_every_match(bands) -> dict[str, dict]:
    """What a stock engine does, on the same index: rank every match, keep 20."""
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    select = "rowid" if sqlite else "article_id"
    order = (
        "ORDER BY bm25(search_text, 2.0, 1.0, 0.0) LIMIT 20"
        if sqlite
        else "ORDER BY ts_rank(vector, ({tsquery})) DESC LIMIT 20"
    )
    figures = {}
    for name, items in bands.items():
        times = []
        for text, _estimate in items:
            began = time.perf_counter()
            _stock(text, select, order)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        figures[name] = {
            "median": statistics.median(times),
            "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        }
    return figures


def matches(bands) -> dict[str, dict]:
    """How many English articles each query matches, counted on the index (not the
    estimate the queries were chosen by): median, smallest and largest per band."""
    figures = {}
    for name, items in bands.items():
        counts = sorted(_stock(text, "count(*)")[0][0] for text, _estimate in items)
        figures[name] = {
            "median": statistics.median(counts),
            "min": counts[0],
            "max": counts[-1],
        }
    return figures


if __name__ == "__main__":
    main()
