"""``dateline related evaluate FILE.jsonl...``: See also measured against story labels.

Each line of a file is one article: ``id``, ``language`` (an edition's code),
``headline``, ``lede``, ``body`` (paragraphs separated by blank lines), ``published``
(ISO 8601), ``story`` (the label of the running story it belongs to), and optionally
``countries`` (ISO codes; found in the text when absent) and ``place`` (the dateline's).

The articles are imported with the production importer into a throw-away database (a
temporary SQLite file, in a child process), See also is rebuilt with the production
code path, and each article's list is compared with the other articles of its story:

- in-language: the article's list, items in its own edition;
- cross-edition: the stories the same scoring ranks highest among articles in the
  other editions (what fills a list when an edition has too few).

precision@5 is the share of the (at most five) items shown that belong to the story;
recall@5 the share of the story's other articles (at most five) shown; MRR the mean
reciprocal rank of the first item of the story. An article whose story has no other
article (in its edition, or in the others) is not counted for that part.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

K = 5
REQUIRED = ("id", "language", "headline", "lede", "body", "published", "story")


class EvaluationError(ValueError):
    pass


@dataclass
class Record:
    id: str
    language: str
    headline: str
    lede: str
    body: str
    published: datetime
    story: str
    countries: list[str] = field(default_factory=list)
    place: str = ""


def load(paths: list[str]) -> list[Record]:
    """The records of the files, or an error naming the file, line and problem."""
    languages = dict(settings.LANGUAGES)
    records, seen = [], set()
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{path}: {exc}") from exc
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except ValueError as exc:
                raise EvaluationError(
                    _("%(where)s: not JSON (%(error)s)")
                    % {"where": where, "error": exc}
                ) from exc
            if not isinstance(raw, dict):
                raise EvaluationError(_("%(where)s: not an object") % {"where": where})
            missing = [name for name in REQUIRED if not raw.get(name)]
            if missing:
                raise EvaluationError(
                    _("%(where)s: missing %(fields)s")
                    % {"where": where, "fields": ", ".join(missing)}
                )
            if raw["language"] not in languages:
                raise EvaluationError(
                    _("%(where)s: unknown edition “%(language)s”")
                    % {"where": where, "language": raw["language"]}
                )
            try:
                published = datetime.fromisoformat(
                    raw["published"].replace("Z", "+00:00")
                )
            except (TypeError, ValueError) as exc:
                raise EvaluationError(
                    _("%(where)s: “published” is not an ISO 8601 date and time")
                    % {"where": where}
                ) from exc
            if raw["id"] in seen:
                raise EvaluationError(
                    _("%(where)s: the id “%(id)s” is used twice")
                    % {"where": where, "id": raw["id"]}
                )
            seen.add(raw["id"])
            records.append(
                Record(
                    id=str(raw["id"]),
                    language=raw["language"],
                    headline=str(raw["headline"]),
                    lede=str(raw["lede"]),
                    body=str(raw["body"]),
                    published=published,
                    story=str(raw["story"]),
                    countries=[str(c).upper() for c in raw.get("countries") or []],
                    place=str(raw.get("place") or ""),
                )
            )
    if not records:
        raise EvaluationError(
            _("no articles in %(paths)s") % {"paths": ", ".join(paths)}
        )
    return records


@dataclass
class Score:
    articles: int = 0
    precision: float = 0.0
    recall: float = 0.0
    mrr: float = 0.0

    shown: int = 0  # articles with a non-empty list: precision counts only them

    def add(self, shown: list[str], relevant: set[str]) -> None:
        hits = [item in relevant for item in shown[:K]]
        self.articles += 1
        if shown:
            self.shown += 1
            self.precision += sum(hits) / len(shown[:K])
        self.recall += sum(hits) / min(K, len(relevant))
        self.mrr += next((1 / (n + 1) for n, hit in enumerate(hits) if hit), 0.0)

    def averaged(self) -> dict:
        shown = self.shown
        return {
            "articles": self.articles,
            "precision@5": self.precision / shown if shown else 0.0,
            "recall@5": self.recall / self.articles if self.articles else 0.0,
            "MRR": self.mrr / self.articles if self.articles else 0.0,
        }


@dataclass
class Report:
    parts: dict[str, dict]

    def render(self) -> str:
        lines = [
            f"{'':<16}{'articles':>9}{'precision@5':>13}{'recall@5':>10}{'MRR':>7}"
        ]
        for name, part in self.parts.items():
            lines.append(
                f"{name:<16}{part['articles']:>9}{part['precision@5']:>13.3f}"
                f"{part['recall@5']:>10.3f}{part['MRR']:>7.3f}"
            )
        return "\n".join(lines)


def evaluate(paths: list[str], progress=None) -> Report:
    """Measure in a throw-away database (a child process on a temporary SQLite)."""
    load(paths)  # report a bad file before starting anything
    with tempfile.TemporaryDirectory(prefix="dateline-evaluate-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/evaluate.sqlite3",
            "DATELINE_DATA_DIR": tmp,
            "CACHE_URL": "locmemcache://evaluate",
            "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DEBUG": "0",  # no query log: it would hold every statement in memory
        }
        # This interpreter running Dateline, with the user's file names as arguments
        # (no shell): nothing untrusted is executed.
        command = [sys.executable, "-m", "dateline"]
        subprocess.run([*command, "migrate", "-v0"], env=env, check=True)  # noqa: S603
        result = subprocess.run(  # noqa: S603
            [*command, "related", "evaluate", "--here", "--json", *paths],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
    return Report(parts=json.loads(result.stdout))


def evaluate_here(paths: list[str], progress=None) -> Report:
    """Import the records into *this* database, rebuild See also and measure it."""
    from dateline.articles.models import ArticlePage, HomePage
    from dateline.importers.models import ImportedItem
    from dateline.importers.services import Extras, article_import_parsed
    from dateline.importers.textformat import ParsedArticle

    from . import engine
    from .models import SeeAlsoItem
    from .rebuild import rebuild
    from .services import _versions, story_neighbours

    records = load(paths)
    homes = {
        h.locale.language_code: h for h in HomePage.objects.select_related("locale")
    }
    advance = (progress or (lambda stage, total: lambda n: None))("load", len(records))
    for record in records:
        parsed = ParsedArticle(
            published_at=record.published,
            headline=record.headline,
            authors=[],
            lede=record.lede,
            paragraphs=[p.strip() for p in record.body.split("\n\n") if p.strip()],
            place=record.place,
        )
        article_import_parsed(
            parsed=parsed,
            source_key=f"evaluate:{record.id}",
            content_hash=f"evaluate:{record.id}",
            home=homes[record.language],
            extras=Extras(countries=record.countries),
        )
        advance(1)
    rebuild(progress=progress or (lambda stage, total: lambda n: None), restart=True)

    keyed = {f"evaluate:{record.id}": record for record in records}
    by_page = {
        page_id: keyed[key]
        for key, page_id in ImportedItem.objects.filter(
            source_key__in=list(keyed)
        ).values_list("source_key", "page_id")
    }
    members = defaultdict(set)
    for record in by_page.values():
        members[record.story].add(record.id)

    lists = defaultdict(list)
    for article_id, page_id in SeeAlsoItem.objects.filter(pinned=False).values_list(
        "article_id", "page_id"
    ):
        lists[article_id].append(page_id)
    in_language, cross = Score(), Score()
    language_of = {record.id: record.language for record in by_page.values()}
    for page_id, record in by_page.items():
        same_story = members[record.story] - {record.id}
        same = {r for r in same_story if language_of[r] == record.language}
        other = same_story - same
        if same:
            shown = [
                by_page[p].id
                for p in lists.get(page_id, [])
                if p in by_page and by_page[p].language == record.language
            ]
            in_language.add(shown, same)
        if other:
            page = ArticlePage.objects.get(pk=page_id)
            versions = _versions([page.translation_key])[page.translation_key]
            scores = story_neighbours(versions)
            catalogue = _versions(scores)
            newest = {s: max(v.published_at for v in vs) for s, vs in catalogue.items()}
            ranked = engine.ranked({s: scores[s] for s in newest}, newest)
            shown = [
                by_page[v.id].id
                for s in ranked
                for v in catalogue[s][:1]
                if v.language != record.language and v.id in by_page
            ][:K]
            cross.add(shown, other)
    return Report(
        parts={
            "in-language": in_language.averaged(),
            "cross-edition": cross.averaged(),
        }
    )
