"""What every PDF of the product shares: the Noto fonts WeasyPrint embeds, bundled under
``static/fonts`` and else taken from Debian's fonts-noto-core (stack-notes: fonts)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")
SANS = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}


def font_uri(name: str) -> str:
    """The ``file://`` address of a font file: the bundled one, else the system's."""
    found = finders.find(f"fonts/{name}")
    path = Path(found) if found else Path(settings.BASE_DIR) / "congvu" / "static" / "fonts" / name
    if not path.exists():
        path = SYSTEM_FONTS / name
    return path.resolve().as_uri()


def sans_fonts() -> dict[str, str]:
    """The template values ``font_regular`` and ``font_bold`` of the sans-serif reports."""
    return {"font_regular": font_uri(SANS["regular"]), "font_bold": font_uri(SANS["bold"])}
