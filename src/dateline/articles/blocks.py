from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    """A picture in an article: alt text is required unless the editor marks the
    picture as decorative (WCAG 1.1.1); caption and credit are printed under it."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_(
            "What the picture shows, for readers who cannot see it. "
            "Required unless the picture is decorative."
        ),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative (says nothing the text does not)"), required=False
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _(
                            "Describe the picture for readers who cannot see it, "
                            "or mark it as decorative."
                        )
                    )
                }
            )
        return value


def image_alt(value) -> str:
    """The alt text of an image block's value: empty for a decorative picture, the
    editor's text, or, for pictures placed before alt text was asked for, the
    image's own description or title."""
    if value.get("decorative"):
        return ""
    return (value.get("alt_text") or "").strip() or value["image"].default_alt_text


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link"]
    )
    subheading = blocks.CharBlock(
        label=_("Subheading"),
        form_classname="title",
        template="articles/blocks/subheading.html",
    )
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Block quote"))
