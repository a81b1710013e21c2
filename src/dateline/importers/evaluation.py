"""``dateline related evaluate FILE.jsonl...``: See also measured against story labels.

Each line of a file is one article: ``id``, ``language`` (an edition's code),
``headline``, ``lede``, ``body`` (paragraphs separated by blank lines), ``published``
(ISO 8601), ``story`` (the label of the running story it belongs to), and optionally
``countries`` (ISO codes; found in the text when absent), ``place`` (the dateline's)
and ``translation_of`` (the id of the article, in another edition, that this one
translates).

The articles are imported with the production importer into a throw-away database (a
temporary SQLite file, in a child process), translations linked to their originals,
See also is rebuilt with the production code path, and each article's lists are
compared with the other articles of its story (metrics.py):

- in-language: the article's list, items in its own edition;
- cross-edition: the stories the same scoring ranks highest among articles in the
  other editions (what fills a list when an edition has too few).

An article's own translations are never in its lists (production never shows them)
nor among its relevant items. An article whose story has no other article (in its
edition, or in the others) is not counted for that part. Beside the engine, the same
run scores a naive baseline (baseline.py) and the ceiling, a perfect list.
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

from dateline.related import baseline
from dateline.related.metrics import NAMES, K, Score, perfect

REQUIRED = ("id", "language", "headline", "lede", "body", "published", "story")
PARTS = ("in-language", "cross-edition")
LISTS = {"in-language": "in_language", "cross-edition": "cross_edition"}

Lists = dict[str, dict[str, list[str]]]  # id: {"in_language": [...], ...}


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
    translation_of: str = ""


def _record(raw, where: str, languages: dict) -> Record:
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
        published = datetime.fromisoformat(raw["published"].replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError) as exc:
        raise EvaluationError(
            _("%(where)s: “published” is not an ISO 8601 date and time")
            % {"where": where}
        ) from exc
    return Record(
        id=str(raw["id"]),
        language=raw["language"],
        headline=str(raw["headline"]),
        lede=str(raw["lede"]),
        body=str(raw["body"]),
        published=published,
        story=str(raw["story"]),
        countries=[str(c).upper() for c in raw.get("countries") or []],
        place=str(raw.get("place") or ""),
        translation_of=str(raw.get("translation_of") or ""),
    )


def load(paths: list[str]) -> list[Record]:
    """The records of the files, or an error naming the file, line and problem."""
    languages = dict(settings.LANGUAGES)
    records, where_of = [], {}
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
            record = _record(raw, where, languages)
            if record.id in where_of:
                raise EvaluationError(
                    _("%(where)s: the id “%(id)s” is used twice")
                    % {"where": where, "id": record.id}
                )
            where_of[record.id] = where
            records.append(record)
    if not records:
        raise EvaluationError(
            _("no articles in %(paths)s") % {"paths": ", ".join(paths)}
        )
    _check_translations(records, where_of)
    return records


def _check_translations(records: list[Record], where_of: dict[str, str]) -> None:
    by_id = {r.id: r for r in records}
    for record in records:
        if not record.translation_of:
            continue
        original = by_id.get(record.translation_of)
        where = where_of[record.id]
        if original is None:
            raise EvaluationError(
                _("%(where)s: “translation_of” names “%(id)s”, not in the files")
                % {"where": where, "id": record.translation_of}
            )
        if original.language == record.language:
            raise EvaluationError(
                _("%(where)s: a translation must be in another edition")
                % {"where": where}
            )
        if original.translation_of:
            raise EvaluationError(
                _("%(where)s: “%(id)s” is itself a translation: name its original")
                % {"where": where, "id": original.id}
            )
    group = groups(records)
    for record in records:  # one version per edition in each translation group
        languages = [by_id[member].language for member in group[record.id]]
        if len(languages) != len(set(languages)):
            raise EvaluationError(
                _("%(where)s: its original has two translations in one edition")
                % {"where": where_of[record.id]}
            )


def groups(records: list[Record]) -> dict[str, frozenset[str]]:
    """Each article's translation group: itself, what it translates, and every other
    translation of that (they share a translation key when imported)."""
    parent = {r.id: r.id for r in records}

    def root(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for record in records:
        if record.translation_of in parent:
            parent[root(record.id)] = root(record.translation_of)
    members = defaultdict(set)
    for record in records:
        members[root(record.id)].add(record.id)
    return {r.id: frozenset(members[root(r.id)]) for r in records}


def relevant(records: list[Record]) -> dict[str, dict[str, set[str]]]:
    """For each article and part, the ids a reader would want listed: the other
    articles of its story, less its own translations."""
    group = groups(records)
    by_story = defaultdict(list)
    for record in records:
        by_story[record.story].append(record)
    found = {}
    for record in records:
        mates = [m for m in by_story[record.story] if m.id not in group[record.id]]
        found[record.id] = {
            "in-language": {m.id for m in mates if m.language == record.language},
            "cross-edition": {m.id for m in mates if m.language != record.language},
        }
    return found


def baseline_lists(records: list[Record]) -> Lists:
    """The baseline's lists: in-language, the K most similar articles of the same
    edition; cross-edition, of the others, one version per translation group."""
    scores = baseline.similarities([f"{r.headline} {r.lede}" for r in records])
    group = groups(records)
    lists = {}
    for row, record in enumerate(records):
        others = [n for n, r in enumerate(records) if r.id not in group[record.id]]
        same = [n for n in others if records[n].language == record.language]
        cross, shown_groups = [], set()
        for n in baseline.ranked(
            scores, row, [n for n in others if records[n].language != record.language]
        ):
            if group[records[n].id] not in shown_groups and len(cross) < K:
                shown_groups.add(group[records[n].id])
                cross.append(records[n].id)
        lists[record.id] = {
            "in_language": [records[n].id for n in baseline.ranked(scores, row, same)][
                :K
            ],
            "cross_edition": cross,
        }
    return lists


def score(records: list[Record], rankers: dict[str, Lists]) -> dict[str, dict]:
    """Each part's figures for each ranker's lists, and the ceiling."""
    wanted = relevant(records)
    parts = {}
    for part in PARTS:
        scores = {name: Score() for name in [*rankers, "ceiling"]}
        for record in records:
            items = wanted[record.id][part]
            if not items:
                continue
            for name, lists in rankers.items():
                scores[name].add(lists.get(record.id, {}).get(LISTS[part], []), items)
            scores["ceiling"].add(perfect(items), items)
        parts[part] = {name: s.averaged() for name, s in scores.items()}
    return parts


@dataclass
class Report:
    parts: dict[str, dict[str, dict]]

    def render(self) -> str:
        heading = "".join(f"{name:>13}" for name in NAMES)
        labels = {
            "See also": _("See also"),
            "baseline": _("baseline: character 2–4-grams, TF-IDF"),
            "ceiling": _("ceiling: a perfect list"),
        }
        lines = []
        for part, rankers in self.parts.items():
            count = next(iter(rankers.values()))["articles"]
            title = _("%(part)s (%(count)d articles)") % {
                "part": {
                    "in-language": _("in-language"),
                    "cross-edition": _("cross-edition"),
                }.get(part, part),
                "count": count,
            }
            lines.append(f"{title:<42}{heading}")
            for name, figures in rankers.items():
                values = "".join(f"{figures[n]:>13.3f}" for n in NAMES)
                lines.append(f"  {labels.get(name, name):<40}{values}")
        return "\n".join(lines)


def write_lists(path: str, records: list[Record], lists: Lists) -> None:
    """One line per article, in the input's order, with the input's ids."""
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            got = lists.get(record.id, {})
            line = {
                "id": record.id,
                "in_language": got.get("in_language", []),
                "cross_edition": got.get("cross_edition", []),
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def read_lists(path: str) -> Lists:
    lists = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        lists[item["id"]] = {k: item[k] for k in ("in_language", "cross_edition")}
    return lists


def evaluate(
    paths: list[str], *, progress=None, here=False, lists_path: str = ""
) -> tuple[Report, Lists]:
    """The engine's lists (in this database with ``here``, else in a throw-away
    one), scored beside the baseline's and the ceiling; written to ``lists_path``
    too when it is given."""
    records = load(paths)  # report a bad file before starting anything
    if here:
        from .evaluation_engine import engine_lists

        lists = engine_lists(records, progress=progress)
    else:
        lists = _engine_lists_elsewhere(paths)
    if lists_path:
        write_lists(lists_path, records, lists)
    parts = score(records, {"See also": lists, "baseline": baseline_lists(records)})
    return Report(parts=parts), lists


def _engine_lists_elsewhere(paths: list[str]) -> Lists:
    """The engine's lists from a child process on a temporary SQLite database."""
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
        out = f"{tmp}/lists.jsonl"
        subprocess.run([*command, "migrate", "-v0"], env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [*command, "evaluate_see_also", "--here", "--lists", out, *paths],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return read_lists(out)
