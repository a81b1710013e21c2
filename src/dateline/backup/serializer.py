"""The backup's row format: Django's JSON Lines, with natural keys, that also keeps
a link to a row that is gone. Wagtail keeps the log entries of a deleted page, whose
``page`` points to no page (a foreign key without a constraint): Django's serializer
fails on it, so the backup failed on any site with a history. Such a link is kept as
its raw id, which is how the deserializer reads it back.

Times keep their microseconds: Django's JSON encoder cuts them to milliseconds, so a
restored site's times were not the backed-up ones (an ordering tie, a cursor, a
search index's version could change)."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = jsonl.Deserializer


class ExactTimes(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactTimes)
        super()._init_options()

    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = field.value_from_object(obj)
