"""PostgreSQL's planner statistics for tables a bulk operation fills.

PostgreSQL plans each query from the statistics of a table's last analysis. After a
bulk load those can be of the handful of rows the table held before: autovacuum may
be off, or behind (it analyses a table at 10 % growth, when it gets to it). Plans
made from them read whole tables where an index would do; PostgreSQL's documentation
("Populating a Database") advises ANALYZE after a bulk load.
"""

from django.db import connection


def analyze(*models) -> None:
    """ANALYZE the tables of ``models`` on PostgreSQL (SQLite: nothing)."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
