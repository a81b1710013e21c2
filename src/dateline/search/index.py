"""Search fields whose text goes through ``text.index_text`` (Chinese as pairs)."""

from wagtail.search import index

from .text import index_text


class TextField(index.SearchField):
    """A full-text field indexed as ``text.index_text`` cuts it."""

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, str):
            return index_text(value)
        if isinstance(value, list):
            return [index_text(v) if isinstance(v, str) else v for v in value]
        return value
