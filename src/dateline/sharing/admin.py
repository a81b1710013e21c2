"""The admin's view of Send to a friend: every message with its status, read-only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from dateline.core.permissions import ReadOnly

from .models import ShareMessage

register_permission_policy(ShareMessage, ReadOnly(ShareMessage))


class ShareMessageIndex(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("share__article", "message")


class ShareMessageViewSet(ModelViewSet):
    model = ShareMessage
    icon = "mail"
    menu_label = _("Sent to a friend")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_filter = ["message__status"]
    list_display = [
        Column("share", label=_("Article"), accessor="article_title"),
        Column("recipient_masked", label=_("Recipient")),
        Column("status", label=_("status"), accessor="message.get_status_display"),
        Column("attempts", label=_("attempts"), accessor="message.attempts"),
        Column("last_error", label=_("last error"), accessor="message.last_error"),
        "created_at",
        Column("sent_at", label=_("sent at"), accessor="message.sent_at"),
    ]
    inspect_view_fields = ["created_at"]
    ordering = ["-created_at"]
    form_fields = ["share"]  # never offered: the permission policy is read-only

    index_view_class = ShareMessageIndex
