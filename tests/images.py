"""Photos for the tests: what a phone might send (with GPS in its EXIF), and files that are
not photos a parent should be able to add (a decompression bomb, a PDF called .jpg...)."""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

# Where the photo was taken, as a phone writes it (51°30'12.5"N 0°7'39"W: central London).
GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0), 6: 35.0}


def drawing(width: int = 1600, height: int = 1200, colour: str = "red") -> Image.Image:
    """A child's drawing of a house, more or less."""
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    w, h = width, height
    pen.rectangle((w * 0.25, h * 0.45, w * 0.75, h * 0.9), outline=colour, width=max(4, w // 100))
    pen.polygon([(w * 0.2, h * 0.45), (w * 0.5, h * 0.1), (w * 0.8, h * 0.45)], outline="blue", width=max(4, w // 100))
    pen.ellipse((w * 0.8, h * 0.05, w * 0.95, h * 0.25), fill="yellow")
    for x in range(0, w, max(1, w // 60)):  # grass: detail, so the JPEG is not trivially small
        pen.line((x, h, x + w // 120, h * 0.92), fill="green", width=2)
    return image


@functools.cache
def gps_jpeg(width: int = 1600, height: int = 1200, orientation: int = 1, colour: str = "red") -> bytes:
    """A phone's JPEG: GPS position, camera, time, orientation, a comment, an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    exif[0x0132] = "2027:01:20 17:45:00"
    exif[0x0112] = orientation
    exif[0x8825] = GPS
    out = io.BytesIO()
    drawing(width, height, colour).save(out, "JPEG", quality=92, exif=exif, comment=b"taken at 12 Elm Road",
                                icc_profile=b"\0" * 128)
    return out.getvalue()


@functools.cache
def photo_like_jpeg(seed: int = 0, width: int = 2000, height: int = 1500) -> bytes:
    """A busier photo, closer to what a phone's camera makes of a crayon drawing: paper under
    uneven light, sensor noise and a couple of hundred strokes (JPEG makes these far bigger
    than drawing()'s flat colours). With the phone's EXIF, like gps_jpeg()."""
    import random

    pick = random.Random(seed)
    paper = Image.blend(Image.linear_gradient("L").resize((width, height)).convert("RGB"),
                        Image.new("RGB", (width, height), (235, 228, 210)), 0.7)
    image = Image.blend(paper, Image.effect_noise((width, height), 40).convert("RGB"), 0.1)
    pen = ImageDraw.Draw(image)
    for _ in range(200):
        x, y = pick.randrange(width), pick.randrange(height)
        pen.line((x, y, x + pick.randint(-width // 10, width // 10), y + pick.randint(-height // 8, height // 8)),
                 fill=(pick.randrange(256), pick.randrange(256), pick.randrange(256)), width=pick.randint(4, 15))
    exif = Image.Exif()
    exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


@functools.cache
def processed_jpeg(colour: str = "red") -> bytes:
    from prep.drawings import Processed, process

    result = process(gps_jpeg(colour=colour))
    assert isinstance(result, Processed)
    return result.jpeg


@functools.cache
def png_bomb() -> bytes:
    """20,000 × 20,000 pixels in a file of about 50 KB: 1.2 GB once opened as RGB."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = gps_jpeg()
    return data[:len(data) // 2]


PDF_AS_JPG = (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
              b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
       b'<circle cx="50" cy="50" r="40" fill="red"/></svg>')


def exif_of(jpeg: bytes) -> dict:
    """Everything Pillow reads as metadata from an image: EXIF tags, GPS, and any info keys
    other than the JFIF header's."""
    with Image.open(io.BytesIO(jpeg)) as image:
        exif = image.getexif()
        found = {f"exif:{tag}": value for tag, value in exif.items()}
        found.update({f"gps:{tag}": value for tag, value in exif.get_ifd(0x8825).items()})
        found.update({f"info:{key}": value for key, value in image.info.items() if not key.startswith("jfif")})
        for key in ("xmp", "icc_profile", "comment", "exif", "photoshop", "adobe"):
            if image.info.get(key):
                found[f"info:{key}"] = True
        return found
