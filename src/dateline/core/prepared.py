"""Queries compiled once per process (docs/decisions/0021-pages-made-fast.md).

Django compiles a queryset to SQL each time it runs. For a query of a fixed shape on
the path of every page, with annotations and subqueries (an article with its
countries, its other editions and whether it has corrections), compiling costs
several times what running it does: about 5 ms of CPU against under 1 ms. A
``Prepared`` query is built and compiled once, with marker values where the values
of each call go; each call runs the same SQL with its own values, and Django's
``RawQuerySet`` turns the rows into model instances (with the field converters of
the database, and the annotations as attributes).
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connections
from django.db.models import Model, QuerySet

_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "OneToOneField",
    "ForeignKey",
}


class Prepared:
    """``build(**markers)`` once per database, then ``run(**values)`` many times.

    ``fields`` names, for each value, the model field that turns it into what the
    database is given (a datetime is a string for SQLite); others go as they are.
    A value for a key field (an id) is marked by a negative number.
    The query must select model columns with unique names (no ``select_related``):
    ``RawQuerySet`` matches columns to fields by name.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet], **fields):
        self.model, self.build, self.fields = model, build, fields
        self._compiled: dict[str, tuple[str, list, dict[int, str]]] = {}

    def _markers(self) -> dict[str, object]:
        """A value for each name that nothing real will equal."""
        markers = {}
        for number, name in enumerate(self.fields):
            field = self.fields[name]
            if field is None:
                markers[name] = f"\x00marker:{name}\x00"
            elif self.model._meta.get_field(field).get_internal_type() in _INTEGERS:
                markers[name] = -(10**9 + number)  # a key: no row has one below 0
            else:  # a datetime: a moment no article has
                markers[name] = datetime(1, 1, 1, 0, 0, 0, number + 1, tzinfo=UTC)
        return markers

    def _adapt(self, name: str, value, connection):
        field = self.fields[name]
        if field is None:
            return value
        model_field = self.model._meta.get_field(field)
        return model_field.get_db_prep_value(value, connection)

    def _compile(self, using: str):
        connection = connections[using]
        markers = self._markers()
        queryset = self.build(**markers)
        sql, params = queryset.query.get_compiler(using).as_sql()
        adapted = {
            name: self._adapt(name, value, connection)
            for name, value in markers.items()
        }
        slots = {}
        for position, param in enumerate(params):
            for name, marker in adapted.items():
                if param == marker:
                    slots[position] = name
        missing = set(markers) - set(slots.values())
        if missing:
            raise ValueError(f"the query does not use {sorted(missing)}")
        return sql, list(params), slots

    def run(self, using: str = "default", **values):
        """The query's instances for these values (a ``RawQuerySet``)."""
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        sql, params, slots = self._compiled[using]
        connection = connections[using]
        given = list(params)
        for position, name in slots.items():
            given[position] = self._adapt(name, values[name], connection)
        return self.model.objects.raw(sql, given).using(using)
