"""What an upload must be before anything is stored: checked by its content, never its name.

- Photos (JPEG, PNG, WebP) are opened by Pillow, refused above `ATTACHMENT_MAX_PIXELS` before
  they are decoded (a decompression bomb is a small file with huge dimensions), decoded in
  full (a damaged file fails here), turned upright and re-encoded without any metadata (EXIF,
  and so the GPS location, XMP, comments) with a JPEG thumbnail.
- PDFs are recognised by their signature (`%PDF-`); one carrying JavaScript or an embedded
  file is refused. They are stored as uploaded and always downloaded, never shown inline.
- Anything else (a zip, an SVG, a program, a file whose name does not match its content) is
  refused with a translated message.
"""

import io
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hallops.exceptions import DomainError

from .models import AttachmentKind

# Pillow's own guard stays on as a second line: its warning becomes an error here.
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ("jpg", "jpeg"), "jpg"),
    "PNG": ("image/png", ("png",), "png"),
    "WEBP": ("image/webp", ("webp",), "webp"),
}
PDF_EXTENSIONS = ("pdf",)
# Active content in a PDF: scripts, launch actions, embedded files.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


@dataclass
class Prepared:
    """An accepted upload, ready to store."""

    kind: str
    name: str
    extension: str
    mime_type: str
    content: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _refuse(message: str, name: str):
    raise DomainError(_("%(name)s: %(problem)s") % {"name": name, "problem": message},
                      field="upload")


def clean_name(name: str) -> str:
    """The uploaded name as shown and sent back in Content-Disposition: no path, no control
    characters, at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>')
    return (name.strip() or "file")[-200:]


def prepare(upload) -> Prepared:
    """Check one uploaded file and return what to store, or raise DomainError."""
    name = clean_name(getattr(upload, "name", "") or "")
    limit = settings.ATTACHMENT_MAX_FILE_BYTES
    if upload.size is not None and upload.size > limit:
        _refuse(_("the file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, name)
    data = upload.read(limit + 1)
    if len(data) > limit:
        _refuse(_("the file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, name)
    if not data:
        _refuse(_("the file is empty."), name)
    if data.startswith(b"%PDF-"):
        return _prepare_pdf(data, name)
    return _prepare_image(data, name)


def _prepare_pdf(data: bytes, name: str) -> Prepared:
    if _extension(name) not in PDF_EXTENSIONS:
        _refuse(_("the file's name does not match its content (a PDF document)."), name)
    if PDF_ACTIVE.search(data):
        _refuse(_("PDF documents with scripts or embedded files are not accepted."), name)
    return Prepared(kind=AttachmentKind.PDF, name=name, extension="pdf",
                    mime_type="application/pdf", content=data)


def _prepare_image(data: bytes, name: str) -> Prepared:
    not_allowed = _("only photos (JPEG, PNG, WebP) and PDF documents can be attached.")
    too_big = _("the picture has more than %(mp)s megapixels.") % {
        "mp": f"{settings.ATTACHMENT_MAX_PIXELS / 1_000_000:g}"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        except Image.DecompressionBombError:
            _refuse(too_big, name)
        except Image.DecompressionBombWarning:
            _refuse(too_big, name)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            _refuse(not_allowed, name)
        fmt = image.format or ""
        if fmt not in IMAGE_FORMATS:
            _refuse(not_allowed, name)
        mime, extensions, stored_ext = IMAGE_FORMATS[fmt]
        if _extension(name) not in extensions:
            _refuse(_("the file's name does not match its content (a %(format)s picture).")
                    % {"format": fmt}, name)
        width, height = image.size
        if width * height > settings.ATTACHMENT_MAX_PIXELS:
            _refuse(too_big, name)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            content, thumbnail = _reencode(upright, fmt)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(too_big, name)
        except (OSError, ValueError, SyntaxError, EOFError):
            _refuse(_("the picture is damaged and cannot be read."), name)
    return Prepared(kind=AttachmentKind.IMAGE, name=name, extension=stored_ext, mime_type=mime,
                    content=content, thumbnail=thumbnail, width=upright.width,
                    height=upright.height)


def _pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """A copy holding the pixels and nothing else (no EXIF, XMP, ICC, comments)."""
    clean = image.convert(mode) if image.mode != mode else image.copy()
    clean.info = {}
    return clean


def _reencode(image: Image.Image, fmt: str) -> tuple[bytes, bytes]:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if fmt == "JPEG":
        _pixels_only(image, "RGB").save(out, format="JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        _pixels_only(image, "RGBA" if has_alpha else "RGB").save(out, format="PNG", optimize=True)
    else:
        _pixels_only(image, "RGBA" if has_alpha else "RGB").save(out, format="WEBP", quality=85)
    thumb = _pixels_only(image, "RGBA" if has_alpha else "RGB")
    size = settings.ATTACHMENT_THUMBNAIL_SIZE
    thumb.thumbnail((size, size))
    if thumb.mode == "RGBA":
        flat = Image.new("RGB", thumb.size, (255, 255, 255))
        flat.paste(thumb, mask=thumb.getchannel("A"))
        thumb = flat
    thumb_out = io.BytesIO()
    thumb.save(thumb_out, format="JPEG", quality=80)
    return out.getvalue(), thumb_out.getvalue()
