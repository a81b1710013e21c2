"""Small helpers that tests share (fixtures are in tests/conftest.py)."""

from bs4 import BeautifulSoup
from django.urls import reverse

# The newsroom member of the ``editor`` fixture.
EDITOR = "desk"
PASSWORD = "a long and right password"


def soup(response):
    """A page that answered 200, parsed."""
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def sign_in(client, password=PASSWORD, address="203.0.113.7"):
    """The admin's sign-in form posted as the editor, from ``address``."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": EDITOR, "password": password},
        REMOTE_ADDR=address,
    )
