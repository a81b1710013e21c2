"""One run of an importer, whatever the layout: what is new goes in bulk, what changed
goes through the editor's path, what is unchanged is skipped.

The commands (``import-text``, ``import-jsonl``) turn their files into ``Source``
items; ``ImportRun.add`` takes them in order and ``finish`` does what a run does once at
its end. A run interrupted (Ctrl-C, a crash) loses at most the batch being written: it
is rolled back whole, and the next run skips every source whose article is there.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from ..articles.models import HomePage
from ..pagecache.purges import purge
from ..related.tasks import see_also_rebuild, see_also_refresh
from .bulk import BulkImport, Incoming
from .models import ImportedItem
from .services import Extras, Outcome, article_import_parsed
from .tasks import imported_index
from .textformat import ImportFormatError, ParsedArticle

BATCH = 500
# Up to this many new articles, each gets its See also refreshed in a task of its
# own, as after an editor's publication; beyond, one task rebuilds the archive's.
REFRESH_EACH_UP_TO = 1000
FAILED = "failed"


@dataclass
class Source:
    """One article's source: ``read`` parses it, raising ImportFormatError."""

    key: str  # empty when the source could not be read
    label: str  # how messages name it: a file, or a file and line
    content_hash: str
    read: Callable[[], tuple[ParsedArticle, Extras]]


class ImportRun:
    def __init__(
        self,
        home: HomePage,
        *,
        report: Callable[[str, str], None],
        done: Callable[[int], None] = lambda n: None,
        batch: int | None = None,
    ):
        self.home = home
        self.language = home.locale.language_code
        self.report = report  # (label, message) of a source that failed
        self.done = done  # how many more sources were dealt with
        self.batch = batch or BATCH
        self.bulk = BulkImport(home, index_later=imported_index.enqueue)
        self.counts = dict.fromkeys([*Outcome, FAILED], 0)
        self._waiting: list[Source] = []
        self._new: list[tuple[Source, Incoming]] = []
        self._new_keys: set[str] = set()  # theirs, to see a key come twice

    def add(self, source: Source) -> None:
        self._waiting.append(source)
        if len(self._waiting) >= self.batch:
            self._sort()

    def finish(self) -> None:
        """Write what is left, link pending See also references, queue See also and
        purge the cached pages."""
        self._sort()
        self._write_new()
        created = len(self.bulk.created)
        if not created:
            return
        self.bulk.link_pending()
        ids = list(self.bulk.created)
        if created <= REFRESH_EACH_UP_TO:
            transaction.on_commit(lambda: [see_also_refresh.enqueue(pk) for pk in ids])
        else:
            # Asked once the articles are committed: a rebuild started later
            # reads them all (related/rebuilding.py).
            transaction.on_commit(
                lambda: see_also_rebuild.enqueue(timezone.now().isoformat())
            )
        purge([], everything=True)

    # ---------------------------------------------------------------------------

    def _sort(self) -> None:
        """Skip the unchanged, update the changed, and queue the new for the bulk
        path, in the order they came."""
        waiting, self._waiting = self._waiting, []
        known = dict(
            ImportedItem.objects.filter(
                edition=self.language, source_key__in=[s.key for s in waiting]
            ).values_list("source_key", "content_hash")
        )
        for source in waiting:
            if not source.key:  # unreadable: its reason is all there is to say
                self._read_failed(source)
            elif source.key in known and known[source.key] == source.content_hash:
                self._count(Outcome.UNCHANGED)
            elif source.key in known or source.key in self._new_keys:
                self._write_new()  # in order: what it may refer to is written first
                self._one(source)
            else:
                try:
                    parsed, extras = source.read()
                except ImportFormatError as exc:
                    self._failed(source.label, str(exc))
                    continue
                self._new.append(
                    (source, Incoming(source.key, source.content_hash, parsed, extras))
                )
                self._new_keys.add(source.key)
                if len(self._new) >= self.batch:
                    self._write_new()

    def _write_new(self) -> None:
        new, self._new = self._new, []
        self._new_keys = set()
        if not new:
            return
        try:
            written, refused = self.bulk.write([item for _source, item in new])
        except DatabaseError:
            self.bulk.forget()
            # Something the checks did not foresee: each article alone, so only
            # the faulty one fails, with the database's reason.
            for source, _item in new:
                self._one(source)
            return
        labels = {source.key: source.label for source, _item in new}
        for refusal in refused:
            self._failed(labels[refusal.source_key], refusal.message)
        self._count(Outcome.CREATED, len(written))

    def _one(self, source: Source) -> None:
        """The editor's path, for an article that is there already or that the bulk
        path could not write."""
        try:
            parsed, extras = source.read()
            outcome, _page = article_import_parsed(
                parsed=parsed,
                source_key=source.key,
                content_hash=source.content_hash,
                home=self.home,
                extras=extras,
            )
        except ImportFormatError as exc:
            self._failed(source.label, str(exc))
        except ValidationError as exc:
            self._failed(source.label, "; ".join(exc.messages))
        except DatabaseError as exc:
            self._failed(source.label, str(exc))
        else:
            self._count(outcome)

    def _read_failed(self, source: Source) -> None:
        try:
            source.read()
        except ImportFormatError as exc:
            self._failed(source.label, str(exc))

    def _failed(self, label: str, message: str) -> None:
        self.report(label, message)
        self._count(FAILED)

    def _count(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] += n
        self.done(n)
