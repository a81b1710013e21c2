"""Who is asking: the client's address, for limits (never logged, never stored)."""

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address: REMOTE_ADDR, or, behind a reverse proxy, the header
    it sets (setting DATELINE_CLIENT_IP_HEADER, for instance HTTP_X_REAL_IP)."""
    header = settings.DATELINE_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
