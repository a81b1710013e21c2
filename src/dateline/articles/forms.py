"""The article's admin form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    """Refuses to drop a published correction, whether an editor deletes it or
    reverts to a revision from before it: readers were told of it, so it stays."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("corrections")
        if formset is None or not self.instance.pk:
            return cleaned
        # Read from the posted rows: the formsets are validated after this form.
        kept = {
            form.instance.pk
            for form in formset.forms
            if form.instance.pk
            and not ("DELETE" in form.fields and form["DELETE"].value())
        }
        published = set(
            formset.model.objects.filter(article=self.instance.pk).values_list(
                "pk", flat=True
            )
        )
        if published - kept:
            raise ValidationError(
                _(
                    "A published correction cannot be removed. To withdraw it, add "
                    "a clarification."
                )
            )
        return cleaned
