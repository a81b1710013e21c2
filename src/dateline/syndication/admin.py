"""The admin's API keys: made for a partner, shown once, revoked by unticking
"active"; each with its usage count."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ApiKey


class ApiKeyCreate(CreateView):
    def save_instance(self):
        self.key = self.form.instance.issue()
        return super().save_instance()

    def get_success_message(self, instance):
        return _(
            "The key of %(partner)s is %(key)s. Copy it now: it is not kept, and "
            "cannot be shown again."
        ) % {"partner": instance.partner, "key": self.key}


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("API keys")
    add_to_settings_menu = True
    add_view_class = ApiKeyCreate
    copy_view_enabled = False
    list_display = ["partner", "active", "per_minute", "requests", "last_used_at"]
    list_filter = ["active"]
    form_fields = ["partner", "per_minute", "active"]
    ordering = ["partner"]
