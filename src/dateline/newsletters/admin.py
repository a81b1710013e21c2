"""The admin's Newsletters menu: subscribers (search, filters, CSV export for data
protection requests, delete on request) and send runs with their counts and the
digest as it was sent."""

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from dateline.core.permissions import NoAdd, ReadOnly
from dateline.mail.models import Message

from .models import Digest, DigestVersion, Subscriber
from .rendering import MANAGE_URL, UNSUBSCRIBE_URL

register_permission_policy(Subscriber, NoAdd(Subscriber))
register_permission_policy(Digest, ReadOnly(Digest))


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["email"]
    search_backend_name = None  # the database: exact parts of addresses
    list_filter = ["status", "frequency", "language"]
    list_display = ["email", "status", "frequency", "language", "created_at"]
    list_export = [
        "email",
        "status",
        "language",
        "editions",
        "countries",
        "sections",
        "frequency",
        "created_at",
        "confirmed_at",
        "updated_at",
        "suppressed_reason",
    ]
    export_filename = "subscribers"
    form_fields = [
        "status",
        "frequency",
        "language",
        "editions",
        "countries",
        "sections",
    ]
    ordering = ["-created_at"]


class SentCount(Column):
    def get_value(self, instance):
        return getattr(instance, self.name, 0)


class SampleLink(Column):
    def get_value(self, instance):
        url = reverse("newsletter_runs:sample", args=[instance.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("View"))


class DigestIndex(IndexView):
    def get_base_queryset(self):
        status = Message.Status
        return (
            super()
            .get_base_queryset()
            .annotate(
                **{
                    name: Count(
                        "deliveries", filter=Q(deliveries__message__status__in=value)
                    )
                    for name, value in [
                        ("sent", [status.SENT]),
                        ("failed", [status.FAILED, status.REFUSED]),
                        ("suppressed", [status.SUPPRESSED]),
                        ("queued", [status.QUEUED, status.CLAIMED, status.HANDED]),
                    ]
                }
            )
        )


class DigestViewSet(ModelViewSet):
    model = Digest
    icon = "mail"
    menu_label = _("Send runs")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_filter = ["frequency"]
    list_display = [
        "__str__",
        "created_at",
        SentCount("sent", label=_("Sent")),
        SentCount("failed", label=_("Failed")),
        SentCount("suppressed", label=_("Suppressed")),
        SentCount("queued", label=_("Waiting")),
        SampleLink("sample", label=_("As sent")),
    ]
    inspect_view_fields = ["frequency", "key", "period_end", "created_at", "built_at"]
    ordering = ["-created_at"]
    form_fields = ["key"]  # never offered: the permission policy is read-only

    index_view_class = DigestIndex

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("sample/<int:pk>/", self.sample_view, name="sample")
        ]

    def sample_view(self, request, pk):
        """The digest as sent: its version sent to the most subscribers, with the
        subscriber's own links left out. Sandboxed, as mail is."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            return HttpResponse(status=403)
        version = get_object_or_404(
            DigestVersion.objects.filter(digest_id=pk)
            .annotate(n=Count("delivery"))
            .order_by("-n", "pk")[:1]
        )
        html = version.html.replace(MANAGE_URL, "#").replace(UNSUBSCRIBE_URL, "#")
        response = HttpResponse(html)
        response["Content-Security-Policy"] = "sandbox"
        return response


class NewslettersGroup(ViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 250
    items = (
        SubscriberViewSet("subscribers"),
        DigestViewSet("newsletter_runs"),
    )
