"""Photos of a child's drawing or writing: checked and cleaned before anything is kept.

A parent takes a photo on their phone of something their child drew or wrote (a "Three
Houses" drawing, a note) and adds it to the child's views. What the phone sends is never
stored, not even for a moment on disk (prep.uploads keeps it in memory, and stops
reading into memory at MAX_UPLOAD_BYTES). Pillow then:

- checks that it is a JPEG, PNG or WebP photo (by its content, not its name: a PDF called
  photo.jpg or an SVG is refused);
- refuses, before decoding anything, a picture of more than MAX_PIXELS pixels (a small
  file can claim 20,000 × 20,000 pixels and take gigabytes to open: a decompression
  bomb), and any file Pillow itself warns about;
- decodes it fully (a file cut short is refused, not half kept);
- turns it the right way up (the EXIF orientation a phone writes), then drops the EXIF
  with every other piece of metadata (place, camera, time, comments, colour profile,
  XMP): only the pixels are copied into a new image;
- scales it to fit PRINT_SIDE pixels (about 150 dots per inch across the PDF's column, one
  photo per half page) and re-encodes it as a baseline JPEG.

The result goes into the draft, which is sealed (prep.drafts): the photo is never kept
anywhere else, and goes when the draft goes. thumbnail() makes the small copy the
pages show, from that cleaned JPEG, on each request.
"""

from __future__ import annotations

import io
import struct
import threading
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from .statement import DRAWING_BYTES_MAX

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what a phone's photo may weigh as sent (most are 2–8 MB)
# A 48-megapixel phone photo is 8,000 × 6,000. JPEGs are decoded at a reduced scale (a JPEG can
# be read at 1/2, 1/4 or 1/8 size without decoding the rest), so they may have more pixels
# than PNG or WebP, which are decoded whole: at most 4 bytes × 24 million = 96 MB in memory.
MAX_PIXELS = {"JPEG": 64_000_000, "MPO": 64_000_000, "PNG": 24_000_000, "WEBP": 24_000_000}
# Read by these plugins only (a JPEG from a phone with a depth map opens as MPO, through JPEG's).
FORMATS = ("JPEG", "PNG", "WEBP")
Image.init()
PRINT_SIDE = 1000  # pixels on the longer side: 150 dpi over the PDF's 170 mm column
# Pixels on the longer side of the copies the pages show: on the step (where the photo is
# described) and, smaller, on check answers. Kept small: pages are weighed with their photos
# (tests/test_page_weight.py), and a parent may be on a pay-as-you-go plan.
THUMB_SIDE = 280
SMALL_SIDE = 160
QUALITIES = (80, 70, 60, 50)  # JPEG quality, lowered until the photo is small enough
THUMB_QUALITY = 60
# Opening photos takes memory (tens of MB each): a few at a time in each process.
_busy = threading.BoundedSemaphore(2)


@dataclass(frozen=True)
class Processed:
    jpeg: bytes = field(repr=False)
    width: int
    height: int


@dataclass(frozen=True)
class Refused:
    """Why a file cannot be used: `reason` is one of REASONS; `size` its bytes (too big)."""

    reason: str
    size: int = 0

    def as_dict(self) -> dict:
        return {"reason": self.reason, "size": self.size}

    @classmethod
    def from_dict(cls, value) -> "Refused | None":
        if isinstance(value, dict) and value.get("reason") in REASONS:
            size = value.get("size")
            return cls(value["reason"], size if isinstance(size, int) and size >= 0 else 0)
        return None


# too-big: more bytes than MAX_UPLOAD_BYTES; too-many-pixels: larger than MAX_PIXELS (or a
# decompression bomb); not-a-photo: not JPEG, PNG or WebP (a PDF, an SVG, a HEIC...);
# unreadable: a photo that cannot be decoded (cut short, damaged); empty: a file of 0 bytes;
# full: the child's views already have MAX_DRAWINGS photos.
REASONS = ("too-big", "too-many-pixels", "not-a-photo", "unreadable", "empty", "full")


def process(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> Processed | Refused:
    """The photo in `data`, cleaned and scaled for print, or why it cannot be used."""
    if not data:
        return Refused("empty")
    if len(data) > limit:
        return Refused("too-big", len(data))
    with _busy, warnings.catch_warnings():
        # Pillow warns (DecompressionBombWarning) before it refuses: refuse at the warning.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _process(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return Refused("too-many-pixels")
        except UnidentifiedImageError:
            return Refused("not-a-photo")
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error,
                MemoryError):
            return Refused("unreadable")


def _process(data: bytes) -> Processed | Refused:
    with Image.open(io.BytesIO(data), formats=FORMATS) as image:
        kind = image.format
        if kind not in MAX_PIXELS:
            return Refused("not-a-photo")
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS[kind]:
            return Refused("too-many-pixels")
        if kind in ("JPEG", "MPO"):
            # Decode at the smallest scale that is still at least twice the print size.
            image.draft("RGB", (PRINT_SIDE * 2, PRINT_SIDE * 2))
        image.load()  # every byte decoded here: a file cut short raises
        orientation = image.getexif().get(0x0112, 1)
        pixels = _plain_rgb(image)
    # Turned the right way up by the orientation the phone wrote; the EXIF itself stays behind.
    pixels = _upright(pixels, orientation)
    pixels.thumbnail((PRINT_SIDE, PRINT_SIDE), Image.Resampling.LANCZOS)
    for quality in QUALITIES:
        jpeg = encode(pixels, quality)
        if len(jpeg) <= DRAWING_BYTES_MAX // 2:
            break
    return Processed(jpeg, *pixels.size)


def _plain_rgb(image: Image.Image) -> Image.Image:
    """The pixels alone, in a new RGB image: no info, no EXIF, no ICC profile, no XMP.
    Transparent parts are drawn on white (as on paper)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        plain = Image.new("RGB", rgba.size, "white")
        plain.paste(rgba, mask=rgba.getchannel("A"))
    else:
        plain = image.convert("RGB")
        if plain is image:
            plain = image.copy()
    fresh = Image.new("RGB", plain.size)
    fresh.paste(plain)
    fresh.info.clear()
    return fresh


def _upright(image: Image.Image, orientation) -> Image.Image:
    if not isinstance(orientation, int) or orientation == 1:
        return image
    # ImageOps.exif_transpose reads the orientation from the image's own EXIF, which the fresh
    # image does not have: give it just that one tag, transpose, and it is removed again.
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.info["exif"] = exif.tobytes()
    turned = ImageOps.exif_transpose(image)
    out = Image.new("RGB", turned.size)
    out.paste(turned)
    return out


def encode(image: Image.Image, quality: int) -> bytes:
    """A baseline JPEG of the pixels: no EXIF, no ICC profile, no comment, no thumbnail."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, exif=b"", icc_profile=None, comment=b"")
    return out.getvalue()


# JPEG markers a cleaned photo is made of: start and end, JFIF header (APP0), tables, frame,
# scans, restart markers. Anything else (EXIF/XMP in APP1, ICC in APP2, comments...) is metadata.
_PLAIN_MARKERS = {0xD8, 0xD9, 0xE0, 0xDB, 0xC4, 0xDD, 0xC0, 0xC1, 0xC2, 0xDA, *range(0xD0, 0xD8)}


def recheck(jpeg: bytes) -> Processed | Refused:
    """A photo from an answers file: kept byte for byte if it is what process() makes (a JPEG
    no bigger than the print size, with nothing but pixels in it), so a file saved and
    opened again loses nothing; otherwise put through process() like an upload."""
    if _only_pixels(jpeg):
        try:
            with _busy, warnings.catch_warnings(), Image.open(io.BytesIO(jpeg), formats=("JPEG",)) as image:
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                if max(image.size) <= PRINT_SIDE and image.mode in ("RGB", "L"):
                    image.load()
                    return Processed(jpeg, *image.size)
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error,
                MemoryError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            return Refused("unreadable")
    return process(jpeg)


def _only_pixels(data: bytes) -> bool:
    """Whether a JPEG's segments are all plain ones (_PLAIN_MARKERS) and nothing follows its end."""
    if not data.startswith(b"\xff\xd8"):
        return False
    at, end = 2, len(data)
    while at + 2 <= end:
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker not in _PLAIN_MARKERS:
            return False
        if marker == 0xD9:
            return at + 2 == end
        if 0xD0 <= marker <= 0xD7:  # a restart marker between scans' data: no length
            at += 2
            continue
        if at + 4 > end:
            return False
        length = int.from_bytes(data[at + 2:at + 4], "big")
        at += 2 + length
        if marker == 0xDA:  # entropy-coded data up to the next marker (not a stuffed 00 or a restart)
            while at + 1 < end and not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
                at += 1
    return False


def thumbnail(jpeg: bytes, side: int = THUMB_SIDE) -> bytes:
    """A small copy of a cleaned photo (from the draft) for the pages."""
    with _busy, Image.open(io.BytesIO(jpeg), formats=("JPEG",)) as image:
        image.draft("RGB", (side, side))
        small = _plain_rgb(image)
    small.thumbnail((side, side), Image.Resampling.LANCZOS)
    return encode(small, THUMB_QUALITY)


def size_of(jpeg: bytes) -> tuple[int, int]:
    """Width and height of a cleaned photo, read from its header."""
    with Image.open(io.BytesIO(jpeg), formats=("JPEG",)) as image:
        return image.size
