"""Two-factor sign-in for the newsroom (docs/security.md): an authenticator app's
six-digit codes (TOTP, django-otp), and ten single-use backup codes for a lost phone.

Optional for each editor: once they have confirmed an app, the admin asks for a code
after their password, in every new session.
"""

from io import BytesIO

from django.db import transaction
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

BACKUP_CODES = 10


def enabled(user) -> bool:
    """Whether ``user`` signs in with a second factor."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The authenticator app being set up: the same key until it is confirmed, so
    that reloading the page does not change the code the editor has scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def qr_code(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code."""
    out = BytesIO()
    write_qrcode_image(device.config_url, out)
    return out.getvalue().decode()


@transaction.atomic
def confirm(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; returns new backup codes (shown
    once), or None if the code is wrong."""
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    return codes


def check(user, token: str):
    """The device that accepts ``token`` (an app's code, or a backup code, which is
    then used up), or None. Wrong codes slow further tries (django-otp's
    throttling: 1, 2, 4… seconds)."""
    token = token.strip().replace(" ", "")
    for device in (
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ):
        found = verify_token(user, device.persistent_id, token)
        if found is not None:
            return found
    return None


@transaction.atomic
def disable(user) -> None:
    """Back to a password alone: every device and backup code goes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
