from django.conf import settings
from django.shortcuts import render


def privacy(request):
    """What the site keeps about readers, and for how long (docs/newsletters.md)."""
    return render(
        request,
        "privacy.html",
        {
            "pending_days": settings.DATELINE_NEWSLETTERS["PENDING_DAYS"],
            "share_days": settings.DATELINE_SHARING["RETENTION_DAYS"],
        },
    )
