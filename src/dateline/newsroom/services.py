"""Writes of the newsroom: its members."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import group_name


def member_ensure(
    username: str, role: str, language: str | None, *, email: str
) -> tuple[object, str | None]:
    """A user in a role's group (``language``: the edition, for every role but the
    chief editors). Returns the user and, when it was just made, its password."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(username, email, password)
    user.groups.add(Group.objects.get(name=group_name(role, language)))
    return user, password
