"""wagtail-localize's Translate and Sync, held to the newsroom's rights: a member
submits only what they may read, into editions where they may add pages, and
publishes only the translations they may publish (docs/newsroom.md).

wagtail-localize itself asks only for ``submit_translation``; these views replace
its own at the same addresses (``editions.wagtail_hooks``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail_localize.views import submit_translations, update_translations

from dateline.newsroom.permissions import editions_open_to, may_read


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        if not may_read(self.request.user, page):
            raise PermissionDenied
        # Nowhere to translate it to: no other edition where they may add pages.
        if not set(editions_open_to(self.request.user)) - {page.locale_id}:
            raise PermissionDenied
        return page

    def get_form(self):
        form = super().get_form()
        # Another edition chosen by hand is refused as any invalid choice is.
        locales = form.fields["locales"]
        locales.queryset = locales.queryset.filter(
            pk__in=editions_open_to(self.request.user)
        )
        return form


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        instance = source.get_source_instance()
        if not may_read(self.request.user, instance):
            raise PermissionDenied
        return source

    def form_valid(self, form):
        if form.cleaned_data["publish_translations"]:
            refused = [
                str(translation.target_locale.get_display_name())
                for translation in self.object.translations.filter(
                    enabled=True
                ).select_related("target_locale")
                if not _may_publish(self.request.user, translation)
            ]
            if refused:
                # wagtail-localize's template shows no field errors: a message.
                problem = _(
                    "You may not publish the translations in: %(editions)s. Sync "
                    "without publishing, and their editors will."
                ) % {"editions": ", ".join(refused)}
                form.add_error("publish_translations", problem)
                messages.error(self.request, problem)
                return self.render_to_response(self.get_context_data())
        return super().form_valid(form)

    def get_form(self):
        # One form per request, so that an error added to it is the one shown.
        if not hasattr(self, "_form"):
            self._form = super().get_form()
        return self._form


def _may_publish(user, translation) -> bool:
    target = translation.get_target_instance()
    return target.permissions_for_user(user).can_publish()
