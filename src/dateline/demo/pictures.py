"""Pictures for the demo's latest news, drawn here with Pillow: the demo ships no
photographs (nobody's rights to clear) and fetches nothing from the network.
Each scene is a simple flat illustration; its alt text in ``latest.json`` says so."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

SIZE = (1600, 900)


def _sky(draw, top, bottom, height):
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=colour)


def harbour(draw, rng):
    """A ferry leaving a harbour under a pale winter sky."""
    _sky(draw, (176, 196, 214), (226, 232, 236), 520)
    draw.rectangle([0, 520, SIZE[0], SIZE[1]], fill=(52, 88, 120))
    for y in range(540, SIZE[1], 28):
        x = rng.randrange(-200, 0)
        while x < SIZE[0]:
            draw.line([(x, y), (x + 90, y)], fill=(84, 124, 156), width=3)
            x += rng.randrange(160, 320)
    draw.polygon([(0, 520), (260, 430), (520, 520)], fill=(96, 110, 104))
    draw.polygon(
        [(1180, 520), (1420, 410), (1600, 470), (1600, 520)], fill=(86, 100, 96)
    )
    # The ferry: hull, decks, funnel.
    draw.polygon([(620, 600), (1080, 600), (1040, 660), (660, 660)], fill=(38, 42, 48))
    draw.rectangle([700, 540, 1000, 600], fill=(236, 236, 230))
    draw.rectangle([760, 500, 940, 540], fill=(236, 236, 230))
    draw.rectangle([900, 460, 940, 500], fill=(178, 34, 34))
    for x in range(720, 990, 34):
        draw.rectangle([x, 556, x + 18, 572], fill=(60, 76, 92))


def fields(draw, rng):
    """Green rice fields in rows under heavy monsoon clouds."""
    _sky(draw, (104, 116, 130), (196, 204, 206), 420)
    for _ in range(5):
        x, y, r = (
            rng.randrange(0, SIZE[0]),
            rng.randrange(60, 260),
            rng.randrange(120, 220),
        )
        draw.ellipse([x - r * 2, y - r, x + r * 2, y + r], fill=(132, 142, 152))
    for n, y in enumerate(range(420, SIZE[1], 60)):
        green = (70 + n * 9 % 40, 130 + n * 13 % 50, 60 + n * 5 % 30)
        draw.polygon(
            [(0, y), (SIZE[0], y - 30), (SIZE[0], y + 40), (0, y + 70)], fill=green
        )
    draw.line([(0, 640), (SIZE[0], 560)], fill=(150, 180, 196), width=10)
    for x in range(140, 1500, 260):
        draw.polygon([(x, 500), (x + 30, 470), (x + 60, 500)], fill=(214, 196, 140))


def steppe(draw, rng):
    """Solar panels beside a round felt tent on an open steppe."""
    _sky(draw, (92, 150, 212), (196, 224, 240), 560)
    draw.ellipse([1240, 90, 1380, 230], fill=(252, 226, 140))
    draw.polygon(
        [
            (0, 520),
            (400, 470),
            (900, 510),
            (1300, 460),
            (1600, 500),
            (1600, 560),
            (0, 560),
        ],
        fill=(132, 150, 120),
    )
    draw.rectangle([0, 560, SIZE[0], SIZE[1]], fill=(186, 170, 104))
    # The tent.
    draw.rectangle([260, 560, 560, 680], fill=(244, 240, 230))
    draw.polygon([(240, 560), (410, 480), (580, 560)], fill=(226, 220, 206))
    draw.rectangle([385, 610, 435, 680], fill=(178, 60, 40))
    # The panels, in a row.
    for n in range(5):
        x = 760 + n * 150
        draw.polygon(
            [(x, 640), (x + 120, 600), (x + 120, 690), (x, 730)], fill=(36, 58, 110)
        )
        draw.line([(x + 60, 710), (x + 60, 760)], fill=(90, 90, 90), width=6)


SCENES = {"harbour": harbour, "fields": fields, "steppe": steppe}


def picture(scene: str, title: str):
    """An image of the library holding ``scene``, made once (found by title after)."""
    from wagtail.images import get_image_model

    model = get_image_model()
    found = model.objects.filter(title=title).first()
    if found is not None:
        return found
    canvas = Image.new("RGB", SIZE, (255, 255, 255))
    SCENES[scene](ImageDraw.Draw(canvas), random.Random(scene))  # noqa: S311
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85, optimize=True)
    return model.objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{scene}.jpg")
    )
