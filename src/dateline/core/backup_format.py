"""The backup's row format: Django's JSON Lines, with natural keys, that also keeps
a link to a row that is gone. Wagtail keeps the log entries of a deleted page, whose
``page`` points to no page (a foreign key without a constraint): Django's serializer
fails on it, so the backup failed on any site with a history. Such a link is kept as
its raw id, which is how the deserializer reads it back."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import jsonl

Deserializer = jsonl.Deserializer


class Serializer(jsonl.Serializer):
    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = field.value_from_object(obj)
