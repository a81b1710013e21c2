"""Who is asking: the client's address, for limits (never logged, never stored)."""

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address: REMOTE_ADDR, or, behind reverse proxies, what the
    nearest of them wrote in the header they set (DATELINE_CLIENT_IP_HEADER).

    Each proxy appends the address it was reached from, so with
    DATELINE_TRUSTED_PROXY_HOPS proxies of ours the client is that many entries
    from the right; the entries left of it are the client's own say, and rotating
    them must not make a new client."""
    header = settings.DATELINE_CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    addresses = [part.strip() for part in value.split(",") if part.strip()]
    if not addresses:
        return request.META.get("REMOTE_ADDR", "")
    hops = max(1, settings.DATELINE_TRUSTED_PROXY_HOPS)
    return addresses[-hops] if len(addresses) >= hops else addresses[0]
