import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from dateline.newsroom.roles import group_name


@pytest.fixture
def member(db):
    """A newsroom member of a role (in an edition), with a logged-in client:
    ``member("editor", "it")``."""

    def make(role: str, language: str | None = "en") -> Client:
        username = f"{role}-{language or 'all'}"
        user = User.objects.create_user(
            username, email=f"{username}@desk.example", password="not-used"
        )
        user.groups.add(Group.objects.get(name=group_name(role, language)))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
