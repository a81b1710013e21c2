from .agency import agency_name


def dateline(request):
    """The site-wide values every reader template needs."""
    return {"agency_name": agency_name()}
