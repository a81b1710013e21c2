from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import ArticlePage, HomePage
from .services import archive_month_get_or_create


def write_article(request):
    """Start a new article in this month's folder of an edition: ``?edition=it``,
    else the edition of the editor's admin language.

    Editors never have to find (or create) the year and month folders by hand.
    """
    edition = request.GET.get("edition")
    locale = Locale.objects.filter(language_code=edition).first() if edition else None
    locale = locale or Locale.get_active()
    home = HomePage.objects.filter(locale=locale).first() or HomePage.objects.first()
    if home is None:
        raise PermissionDenied(_("Create a home page before writing articles."))
    if not home.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied  # no folders made for someone who cannot write here
    month = archive_month_get_or_create(home=home, when=timezone.now())
    if not month.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return redirect(
        "wagtailadmin_pages:add",
        ArticlePage._meta.app_label,
        ArticlePage._meta.model_name,
        month.pk,
    )
