"""Write bench/data/demo-stories.jsonl: the demo articles as a labelled evaluation set.

    uv run python scripts/export_demo_stories.py

The story label of an English demo file is its thread (``2019-04-22-korea-2.txt`` →
``korea``); a translation takes the label of the file it translates; an edition's own
story is a story of one article.
"""

import json
import os
import re
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src/dateline/demo"
OUT = ROOT / "bench/data/demo-stories.jsonl"
THREAD = re.compile(r"^\d{4}-\d{2}-\d{2}-(?P<thread>.+)-\d+\.txt$")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
    django.setup()
    from dateline.importers.textformat import parse_article_text

    lines = []
    for language in ["en", "it", "zh-hans", "es"]:
        metadata = json.loads((DEMO / "metadata" / f"{language}.json").read_text())
        for path in sorted((DEMO / "articles" / language).glob("*.txt")):
            extras = metadata.get(path.name, {})
            original = extras.get("translation_of", "")
            source = original.split(":", 1)[1] if original else path.name
            match = THREAD.match(source) if (original or language == "en") else None
            parsed = parse_article_text(path.read_text(encoding="utf-8"), language)
            lines.append(
                {
                    "id": f"{language}/{path.stem}",
                    "language": language,
                    "story": match["thread"] if match else f"{language}/{path.stem}",
                    "published": parsed.published_at.isoformat(),
                    "headline": parsed.headline,
                    "lede": parsed.lede,
                    "body": "\n\n".join(parsed.paragraphs),
                    "place": parsed.place,
                    "countries": extras.get("countries", []),
                }
                | ({"translation_of": f"en/{Path(source).stem}"} if original else {})
            )
    OUT.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
        encoding="utf-8",
    )
    sys.stdout.write(f"{len(lines)} articles written to {OUT}\n")


if __name__ == "__main__":
    main()
