from django.conf import settings


def dateline(request):
    """The site-wide values every reader template needs."""
    return {"agency_name": settings.DATELINE_AGENCY_NAME}
