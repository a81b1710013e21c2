"""The admin's password reset, limited as sign-in is (docs/security.md)."""

import logging

from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm

from dateline.core.clients import client_address
from dateline.core.limits import allow

logger = logging.getLogger(__name__)


class LimitedPasswordResetForm(PasswordResetForm):
    """Wagtail's form, sending at most DATELINE_PASSWORD_RESETS["PER_ACCOUNT"]
    links an hour to one address and handling DATELINE_PASSWORD_RESETS
    ["PER_CLIENT"] requests an hour from one client. Past either, the answer is
    the same page as ever (it never tells whether an account exists), and no
    mail goes."""

    def save(self, *args, request=None, **kwargs):
        limits = settings.DATELINE_PASSWORD_RESETS
        email = self.cleaned_data["email"].strip().lower()
        client = client_address(request) if request is not None else ""
        if not allow(
            "password-reset.client", client, limit=limits["PER_CLIENT"], seconds=3600
        ) or not allow(
            "password-reset.account", email, limit=limits["PER_ACCOUNT"], seconds=3600
        ):
            logger.warning("Password reset refused: past the hourly limit")
            return None
        return super().save(*args, request=request, **kwargs)
