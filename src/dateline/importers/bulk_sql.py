"""The bulk path's SQL (importers.bulk): ids reserved from a sequence, rows
inserted one statement per table (COPY on PostgreSQL), and the planner's statistics
kept up to date as the tables grow."""

from django.db import connection

from ..articles.models import ArticlePage
from ..core.statistics import analyze


class Statistics:
    """Keeps PostgreSQL's statistics of the tables a bulk import writes up to date as
    they grow, by an ANALYZE each time they have doubled since the last: a dozen for a
    million articles, each a fraction of a second.

    Without it, the plans made from a new site's statistics (core/statistics.py), the
    foreign-key checks each commit runs on every new row above all, read the whole
    table each time: a million articles would take days, not minutes.
    """

    def __init__(self, tables):
        self.tables = tables
        self.postgres = connection.vendor == "postgresql"
        self.since = 0  # rows written since the last analysis
        self.at = 0  # the articles the table held at the last analysis
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                    [ArticlePage._meta.db_table],
                )
                self.at = max(0, int(cursor.fetchone()[0]))  # -1: never analysed

    def grown(self, written: int) -> bool:
        """Count ``written`` new articles; analyse when they have doubled the
        table. Returns whether it analysed."""
        self.since += written
        if not self.postgres or self.since < max(self.at, 1):
            return False
        analyze(*self.tables)
        self.at += self.since
        self.since = 0
        return True


def reserve_ids(model, count: int) -> list[int] | None:
    """``count`` ids from ``model``'s sequence, on PostgreSQL (elsewhere None: ids come
    back from the insert instead)."""
    if connection.vendor != "postgresql" or not count:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert(model, objects, *, ids=False, parent_link=False, given=None) -> None:
    """Write ``objects`` as rows of ``model``'s own table (for a page, only the
    columns that table holds), setting their ids when ``ids``. ``given``, a dict per
    object, holds values that stand in for the object's own.

    PostgreSQL gets the rows through COPY, with ids taken from the sequence first;
    other databases through Django's bulk insert, which returns the ids. Either
    way, each value is what Django itself would write (``get_db_prep_save``).
    """
    if not objects:
        return
    postgres = connection.vendor == "postgresql"
    pk = model._meta.pk
    if ids and postgres:
        missing = [o for o in objects if getattr(o, pk.attname) is None]
        for obj, value in zip(
            missing, reserve_ids(model, len(missing)) or [], strict=True
        ):
            setattr(obj, pk.attname, value)
    fields = [
        f
        for f in model._meta.local_concrete_fields
        if f is not pk or parent_link or (ids and postgres)
    ]
    given = given or [{}] * len(objects)

    def values(obj, extra):
        return [extra.get(f.attname, getattr(obj, f.attname)) for f in fields]

    if postgres or parent_link:
        _insert_rows(
            model, fields, [values(o, e) for o, e in zip(objects, given, strict=True)]
        )
        return
    made = [
        model(**{f.attname: v for f, v in zip(fields, values(o, e), strict=True)})
        if type(o) is not model
        else o
        for o, e in zip(objects, given, strict=True)
    ]
    model.objects.bulk_create(made)
    for obj, row in zip(objects, made, strict=True):
        setattr(obj, pk.attname, row.pk)


def _insert_rows(model, fields, rows) -> None:
    """Rows of field values in one statement: COPY on PostgreSQL; elsewhere one
    INSERT for many rows (the table of an inherited model, which Django will not
    bulk-insert)."""
    postgres = connection.vendor == "postgresql"
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    prepared = (
        [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
        for row in rows
    )
    with connection.cursor() as cursor:
        # Names come from the model; values are data.
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                list(prepared),
            )
