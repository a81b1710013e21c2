"""Uploaded pictures are served by the application when nothing is in front of it."""

import importlib

import pytest
from django.urls import clear_url_caches

from tests.articles.factories import make_image


@pytest.fixture
def serving_media(settings, tmp_path):
    def reload(on: bool):
        settings.DATELINE_SERVE_MEDIA = on
        settings.MEDIA_ROOT = tmp_path
        from dateline import urls

        importlib.reload(urls)
        clear_url_caches()

    yield reload
    reload(False)


@pytest.mark.parametrize("on", [True, False])
def test_pictures_are_served_only_when_asked(client, db, serving_media, on):
    serving_media(on)
    image = make_image("Harbour", size=(40, 20))
    response = client.get(image.file.url)
    assert response.status_code == (200 if on else 404)
    if on:
        assert response["Content-Type"] == "image/png"
        with open(image.file.path, "rb") as file:
            assert b"".join(response.streaming_content) == file.read()
    response.close()
