"""Benchmark the importers on a large archive: ``make bench`` (or ``uv run python
bench/importer.py --articles 1000000 --database postgres``).

Writes an archive export in the JSON Lines layout (or, with ``--layout text``, one
plain-text file per article), then imports it with ``dateline import-jsonl`` (or
``import-text``) into a new database, an edition at a time: English first, then the
Italian, Chinese and Spanish editions, a quarter of whose articles translate an English
one. Articles come in date order, as an export would list them, across twenty years;
each has one or two of 300 authors, a dateline from the place list, up to three “See
also” headlines of earlier articles, and half of them their countries, section and tags
given (the others' countries are found in their text). Prints the rate, the time a
million would take and the peak memory, as a Markdown table for docs/performance.md.

Then, end to end as a user runs it (docs/deployment.md, "Importing an archive"): the
imports queued their tasks (each batch's indexing, See also's rebuild at the end), and
``--workers`` ``dateline worker`` processes run them until none is left. The archive
is **searchable and related** then: the time from the first import to the last task,
with the search documents and See also lists counted in the database at the end.
Nothing here asserts a time.
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

from common import archive_folder, peak_mb, setup
from common import workers as bench_workers
from see_also import COUNTRIES, EDITIONS, TAGS, Lexicon, corpus, made_up_word

SHARE = {"en": 0.4, "it": 0.2, "zh-hans": 0.2, "es": 0.2}
PLACES = ["Seoul", "Beijing", "Tokyo", "Manila", "Hanoi", "Jakarta", "Dhaka", "Yangon"]
SECTIONS = ["east-asia", "south-asia", "south-east-asia"]


def articles(total: int, seed: int = 1):
    """(language, record) in the order an export lists them: by edition, by date."""
    rng = random.Random(seed)
    pools = corpus()
    authors = [
        f"{made_up_word(rng, 'en').title()} {made_up_word(rng, 'en').title()}"
        for _ in range(300)
    ]
    start = datetime(2006, 1, 1, tzinfo=UTC)
    english_keys: list[str] = []
    for language in EDITIONS:
        count = round(total * SHARE[language])
        lexicon = Lexicon(rng, language)
        step = timedelta(days=20 * 365) / max(count, 1)
        recent: list[tuple[str, datetime]] = []
        for n in range(count):
            published = start + step * n + timedelta(minutes=rng.randint(0, 59))
            pool = rng.choice(pools[language])
            words = lexicon.draw(6)
            joiner = "" if language == "zh-hans" else " "
            headline = joiner.join(words[:4]).capitalize()[:200] + f" {n}"
            paragraphs = [rng.choice(pool) for _ in range(rng.randint(4, 7))]
            place = rng.choice(PLACES)
            record = {
                "key": f"{language}/{published:%Y/%m}/{n}",
                "published_at": published.isoformat(),
                "headline": headline,
                "lede": rng.choice(pool),
                "body": [
                    f"{place} {paragraphs[0]}",
                    *paragraphs[1:],
                    joiner.join(words),
                ],
                "authors": rng.sample(authors, rng.randint(1, 2)),
                "place": place,
                "agency": "Wirepress",
                "see_also": [
                    {"headline": h, "published_at": when.isoformat()}
                    for h, when in rng.sample(
                        recent, min(len(recent), rng.randint(0, 3))
                    )
                ],
            }
            if rng.random() < 0.5:
                record |= {
                    "countries": rng.sample(COUNTRIES, rng.randint(1, 2)),
                    "section": rng.choice(SECTIONS),
                    "tags": rng.sample(TAGS, rng.randint(0, 2)),
                }
            if language == "en":
                english_keys.append(record["key"])
            elif english_keys and rng.random() < 0.25:
                # A translation of an English article of about the same time.
                at = min(len(english_keys) - 1, n * len(english_keys) // count)
                record["translation_of"] = f"en:{english_keys.pop(at)}"
            recent = [*recent[-50:], (headline, published)]
            yield language, record


def write_jsonl(folder: Path, total: int) -> dict[str, list[Path]]:
    files = {language: folder / f"{language}.jsonl" for language in EDITIONS}
    handles = {
        language: path.open("w", encoding="utf-8") for language, path in files.items()
    }
    for language, record in articles(total):
        handles[language].write(json.dumps(record, ensure_ascii=False) + "\n")
    for handle in handles.values():
        handle.close()
    return {language: [path] for language, path in files.items()}


def write_text(folder: Path, total: int) -> dict[str, list[Path]]:
    """One file per article in the plain-text layout (English month-first dates),
    and each edition's metadata file."""
    paths: dict[str, list[Path]] = {}
    for language, record in articles(total):
        edition = folder / language
        when = datetime.fromisoformat(record["published_at"])
        lines = [
            f"{when:%Y-%m-%d %H:%M}",
            "",
            record["headline"],
            "",
            "by " + " and ".join(record["authors"]),
            record["lede"],
            "",
            f"{record['place']} ({record['agency']}) - {record['body'][0]}",
            *[f"\n{p}" for p in record["body"][1:]],
        ]
        if record["see_also"]:
            lines += ["", "See also"]
            for item in record["see_also"]:
                lines += [
                    item["headline"],
                    f"{datetime.fromisoformat(item['published_at']):%d/%m/%Y %H:%M}",
                ]
        path = edition / f"{record['key'].split('/', 1)[1]}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        extras = {
            k: record[k]
            for k in ("countries", "section", "tags", "translation_of")
            if k in record
        }
        if "translation_of" in extras:
            extras["translation_of"] = (
                extras["translation_of"].replace("en:en/", "en:") + ".txt"
            )
        if extras:
            meta = paths.setdefault(f"{language}-metadata", {})
            meta[path.relative_to(edition).as_posix()] = extras
        paths.setdefault(language, [edition])
    for language in EDITIONS:
        meta = paths.pop(f"{language}-metadata", {})
        (folder / f"{language}-metadata.json").write_text(
            json.dumps(meta), encoding="utf-8"
        )
    return paths


def sections() -> None:
    """The sections the export names, in each edition that lacks them."""
    from dateline.articles.models import HomePage, SectionPage

    for home in HomePage.objects.all():
        for slug in SECTIONS:
            if not SectionPage.objects.child_of(home).filter(slug=slug).exists():
                home.add_child(
                    instance=SectionPage(title=slug, slug=slug, locale=home.locale)
                )


def load(folder: Path, total: int) -> None:
    """Write an export of ``total`` articles and import it, edition by edition:
    how the other benchmarks build a large archive of real pages."""
    from django.core.management import call_command

    sections()
    for language, paths in write_jsonl(folder, total).items():
        call_command(
            "import_jsonl", *map(str, paths), edition=language, stdout=StringIO()
        )


def catch_up(workers: int) -> tuple[float, float]:
    """Run ``workers`` ``dateline worker`` processes until every task the imports
    queued (indexing, See also) is done; the seconds it took and the largest
    worker's peak memory (MB)."""
    from django_tasks_db.models import DBTaskResult

    def waiting() -> int:
        """Tasks not done, but the worker's clock's: it always has its next tick
        queued (and starts the digests, which have no subscribers here)."""
        return (
            DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
            .exclude(task_path__startswith="dateline.worker.schedule.")
            .exclude(task_path__startswith="dateline.newsletters.")
            .count()
        )

    began = time.perf_counter()
    with bench_workers(workers):
        while left := waiting():
            sys.stderr.write(f"tasks left: {left}    \r")
            time.sleep(1)
        seconds = time.perf_counter() - began
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    if failed:
        sys.exit(f"{failed} tasks failed")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--layout", choices=["jsonl", "text"], default="jsonl")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="dateline worker processes that index and relate the archive afterwards",
    )
    parser.add_argument(
        "--parallel",
        action="store_true",
        help="after English, import the other editions at once, a process each",
    )
    args = parser.parse_args()

    with archive_folder(args.database, f"dateline_bench_import_{args.articles}") as (
        folder,
        _reuse,
    ):
        folder = Path(folder)
        began = time.perf_counter()
        write = write_jsonl if args.layout == "jsonl" else write_text
        sources = write(folder, args.articles)
        sys.stderr.write(f"export written in {time.perf_counter() - began:.0f} s\n")
        # The imports queue their tasks in the database, as in production.
        setup(str(folder), TASKS_BACKEND="django_tasks_db.DatabaseBackend")
        from django.core.management import call_command
        from django.db import connection

        from dateline.articles.models import ArticlePage

        sections()
        command = "import_jsonl" if args.layout == "jsonl" else "import_text"
        rows, total_seconds = [], 0.0

        def arguments(language):
            paths = list(map(str, sources[language]))
            if args.layout == "text":
                paths += ["--metadata", str(folder / f"{language}-metadata.json")]
            return [*paths, "--edition", language, "--no-progress"]

        def done(languages, seconds):
            nonlocal total_seconds
            total_seconds += seconds
            for language in languages:
                count = ArticlePage.objects.filter(
                    locale__language_code=language
                ).count()
                rows.append((language, count, seconds))
            sys.stderr.write(f"{', '.join(languages)}: {seconds:.0f} s\n")

        together = EDITIONS[1:] if args.parallel else []
        for language in [e for e in EDITIONS if e not in together]:
            began = time.perf_counter()
            call_command(command, *arguments(language), stdout=StringIO())
            done([language], time.perf_counter() - began)
        if together:  # one process per edition, at once
            began = time.perf_counter()
            processes = [
                subprocess.Popen(  # noqa: S603  (our own command)
                    [sys.executable, "-m", "dateline", command.replace("_", "-")]
                    + arguments(language),
                    stdout=subprocess.DEVNULL,
                )
                for language in together
            ]
            if any(process.wait() for process in processes):
                sys.exit("an import failed")
            done(together, time.perf_counter() - began)
        total = ArticlePage.objects.count()
        imports_peak = max(
            peak_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        )
        catch_up_seconds, workers_peak = catch_up(args.workers)
        from dateline.related.models import SeeAlsoItem
        from dateline.search.models import SearchDocument

        searchable = SearchDocument.objects.count()
        related = SeeAlsoItem.objects.values("article_id").distinct().count()
        print(f"\n{args.layout}, {connection.vendor}, {total:,} articles\n")
        print("| edition | articles | seconds | articles a second |")
        print("|---|---|---|---|")
        for language, count, seconds in rows:
            at_once = " (at once)" if language in together else ""
            print(
                f"| {language}{at_once} | {count:,} | {seconds:.0f} "
                f"| {count / seconds:.0f} |"
            )
        rate = total / total_seconds  # the editions' times add up: one after another
        print(f"| all | {total:,} | {total_seconds:.0f} | {rate:.0f} |")
        print(
            f"\na million would take {1_000_000 / rate / 60:.0f} minutes to import; "
            f"peak memory {imports_peak:.0f} MB (a process)"
        )
        everything = total_seconds + catch_up_seconds
        order = "editions after English at once" if together else "one by one"
        print(
            f"\n| searchable and related, end to end ({order}, then "
            f"{args.workers} workers) | seconds | articles a second |"
        )
        print("|---|---|---|")
        print(
            f"| import (`dateline import-jsonl`) | {total_seconds:.0f} | {rate:.0f} |"
        )
        print(
            f"| the queued tasks: search index and See also, {args.workers} "
            f"`dateline worker` | {catch_up_seconds:.0f} | "
            f"{total / catch_up_seconds:.0f} |"
        )
        print(f"| **all** | **{everything:.0f}** | {total / everything:.0f} |")
        print(
            f"\nat the end: {searchable:,} of {total:,} articles in the search index, "
            f"{related:,} with a See also list; peak memory of a child process "
            f"(the imports run at once, the workers) "
            f"{workers_peak:.0f} MB; a million at this rate: "
            f"{1_000_000 / (total / everything) / 60:.0f} minutes"
        )


if __name__ == "__main__":
    main()
