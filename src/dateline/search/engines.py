"""The readers' search index in each database engine, behind one small interface.

Every document's rowid (SQLite) or ``key`` (PostgreSQL) orders the index newest first
(models.key_for), and its filters (edition, countries, section, authors) are terms of
their own (``facets``). So a query asks for “the newest ``limit`` documents that match,
within these keys”, ranks only those, and its cost stays bounded however many articles
match: FTS5 walks its index backwards from the newest key and stops at ``limit``;
PostgreSQL reads the matches of the newest years from its GIN and key indexes, keeps
the newest, and ranks them.
"""

from dataclasses import dataclass

from django.db import connection

from .models import ID_SPAN, SearchDocument, article_of

# PostgreSQL text search configurations by edition; Chinese is cut into pairs before
# it gets there, so "simple" (no stemming) is right for it.
CONFIGS = {"en": "english", "it": "italian", "es": "spanish", "zh-hans": "simple"}
YEAR = 365 * 24 * 3600 * ID_SPAN  # a year of keys
SLICES = (1, 8, None)  # years of the archive searched in turn, newest first (None: all)


@dataclass
class Text:
    """What is indexed of one article (services.text_of)."""

    article_id: int
    version: object  # the article's last publication (a datetime)
    key: int
    language: str
    headline: str
    lede: str
    body: str
    facets: list[str]


class SQLiteEngine:
    def write(self, texts: list[Text]) -> None:
        """Add new documents (a trigger removes a deleted one's text)."""
        SearchDocument.objects.bulk_create(
            SearchDocument(article_id=t.article_id, key=t.key, version=t.version)
            for t in texts
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_text (rowid, title, body, facets) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (t.key, t.headline, f"{t.lede} {t.body}", " ".join(t.facets))
                    for t in texts
                ],
            )

    def window(self, *, query, facets, low, high, limit, language, rank):
        """The newest ``limit`` matches with keys in [low, high]: (article, score)
        pairs, newest first; a higher score is more relevant."""
        match = " AND ".join(
            [f"({{title body}} : ({fts5(query)}))"] * bool(query)
            + [f"(facets : ({' AND '.join(facets)}))"] * bool(facets)
        )
        # bm25 is negative, better when lower; the headline weighs twice the text.
        score = "-bm25(search_text, 2.0, 1.0, 0.0)" if rank and query else "0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {score} FROM search_text "  # noqa: S608 (no input)
                "WHERE search_text MATCH %s AND rowid BETWEEN %s AND %s "
                "ORDER BY rowid DESC LIMIT %s",
                [match, low, high, limit],
            )
            return [(article_of(key), score) for key, score in cursor.fetchall()]


def fts5(query) -> str:
    """The FTS5 expression of a parsed query: each form a quoted phrase of words."""
    return " AND ".join(
        "(" + " OR ".join(f'"{" ".join(form)}"' for form in term) + ")"
        for term in query
    )


class PostgresEngine:
    def write(self, texts: list[Text]) -> None:
        """Add new documents, their vectors made by PostgreSQL in the edition's
        configuration."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_searchdocument "
                "(article_id, key, version, head, vector, facets) VALUES (%s, %s, %s, "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') "
                "|| setweight(to_tsvector(%s::regconfig, %s), 'B'), "
                "to_tsvector(%s::regconfig, %s || ' ' || %s || ' ' || %s), %s)",
                [self._row(t, CONFIGS.get(t.language, "simple")) for t in texts],
            )

    @staticmethod
    def _row(t: Text, config: str) -> tuple:
        return (
            *(t.article_id, t.key, t.version),
            *(config, t.headline, config, t.lede),
            *(config, t.headline, t.lede, t.body),
            t.facets,
        )

    def window(self, *, query, facets, low, high, limit, language, rank):
        config = CONFIGS.get(language, "simple")
        tsquery, params = tsquery_sql(query, config)
        where, values = [], []
        if query:
            where.append(f"vector @@ ({tsquery})")
            values += params
        if facets:
            where.append("facets @> %s")
            values.append(facets)
        # The matches come from the GIN indexes, ANDed with a range of the key index:
        # first the newest year of the archive, then eight, then all, until the range
        # holds ``limit`` matches. Common words fill the first (a few thousand rows
        # read, not every match); rare ones cost a few index reads more.
        # MATERIALIZED keeps the planner from walking the key index instead and
        # testing each article's vector, which is slow when matches are rare.
        # Ranked on the headline (weight A) and the lede (B), a small vector stored
        # in the row: the whole text's would be read from TOAST for each of the
        # thousand (docs/decisions/0009-search.md).
        score = f"ts_rank(head, ({tsquery}))" if rank and query else "0"
        sql = (
            "WITH matches AS MATERIALIZED (SELECT article_id, key, head "  # noqa: S608
            "FROM search_searchdocument WHERE key BETWEEN %s AND %s"
            f"{''.join(f' AND {w}' for w in where)}), "
            "newest AS (SELECT article_id, key, head FROM matches "
            "ORDER BY key DESC LIMIT %s) "
            f"SELECT article_id, {score} FROM newest ORDER BY key DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(key) FROM search_searchdocument WHERE key <= %s", [high]
            )
            newest = cursor.fetchone()[0]
            if newest is None:
                return []
            for years in SLICES:
                start = low if years is None else max(low, newest - years * YEAR)
                cursor.execute(
                    sql,
                    [start, high, *values, limit, *(params if score != "0" else [])],
                )
                rows = cursor.fetchall()
                if len(rows) >= limit or start == low:
                    return rows
        return rows


def tsquery_sql(query, config: str) -> tuple[str, list]:
    """A tsquery expression for a parsed query: terms AND-ed (&&), forms OR-ed (||),
    each form a phrase in the edition's configuration."""
    parts, params = [], []
    for term in query:
        forms = []
        for form in term:
            forms.append("phraseto_tsquery(%s::regconfig, %s)")
            params += [config, " ".join(form)]
        parts.append("(" + " || ".join(forms) + ")")
    return " && ".join(parts) or "''::tsquery", params


def engine():
    return PostgresEngine() if connection.vendor == "postgresql" else SQLiteEngine()
