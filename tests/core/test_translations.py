import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "Vedi anche"), ("zh-hans", "相关报道"), ("es", "Ver también")],
)
def test_compiled_catalogues_translate_the_reader_strings(language, expected):
    with translation.override(language):
        assert translation.gettext("See also") == expected
