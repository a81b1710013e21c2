"""The readers' search index in each database engine, behind one small interface.

Every document's rowid (SQLite) or ``key`` (PostgreSQL) orders the index newest first
(models.key_for), and its filters (edition, countries, section, authors) are terms of
their own (``facets``). So a query asks for “the newest ``limit`` documents that match,
within these keys”, ranks only those, and its cost stays bounded however many articles
match: FTS5 walks its index backwards from the newest key and stops at ``limit``;
PostgreSQL reads the matches from its GIN indexes, keeps the newest, and ranks them.
"""

from dataclasses import dataclass

from django.db import connection

from .models import article_of

# PostgreSQL text search configurations by edition; Chinese is cut into pairs before
# it gets there, so "simple" (no stemming) is right for it.
CONFIGS = {"en": "english", "it": "italian", "es": "spanish", "zh-hans": "simple"}


@dataclass
class Text:
    """What is indexed of one article (documents.text_of)."""

    key: int
    language: str
    headline: str
    lede: str
    body: str
    facets: list[str]


class SQLiteEngine:
    def write(self, texts: list[Text]) -> None:
        """Add the texts of new documents (a trigger removes a deleted one's)."""
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
        """Fill in the vectors and facets of new documents."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchdocument SET "
                "vector = setweight(to_tsvector(%s::regconfig, %s), 'A') "
                "|| setweight(to_tsvector(%s::regconfig, %s), 'B') "
                "|| to_tsvector(%s::regconfig, %s), facets = %s WHERE key = %s",
                [
                    (
                        *(CONFIGS.get(t.language, "simple"), t.headline),
                        *(CONFIGS.get(t.language, "simple"), t.lede),
                        *(CONFIGS.get(t.language, "simple"), t.body),
                        t.facets,
                        t.key,
                    )
                    for t in texts
                ],
            )

    def window(self, *, query, facets, low, high, limit, language, rank):
        config = CONFIGS.get(language, "simple")
        tsquery, params = tsquery_sql(query, config)
        where = ["key BETWEEN %s AND %s"]
        values = [low, high]
        if query:
            where.append(f"vector @@ ({tsquery})")
            values += params
        if facets:
            where.append("facets @> %s")
            values.append(facets)
        # The matches come from the GIN indexes (MATERIALIZED keeps the planner from
        # walking the key index and testing every article); only the newest are
        # ranked, as ts_rank reads each one's whole vector.
        score = f"ts_rank(vector, ({tsquery}))" if rank and query else "0"
        sql = (
            "WITH matches AS MATERIALIZED (SELECT article_id, key "  # noqa: S608
            f"FROM search_searchdocument WHERE {' AND '.join(where)}), "
            "newest AS (SELECT article_id, key FROM matches "
            "ORDER BY key DESC LIMIT %s) "
            f"SELECT newest.article_id, {score} FROM newest "
            "JOIN search_searchdocument d USING (article_id) ORDER BY newest.key DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*values, limit, *(params if score != "0" else [])])
            return cursor.fetchall()


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
