"""What an upload must be: photos and PDFs by their content, hostile files refused."""

import io

import pytest
from PIL import Image

from attachments.validation import prepare
from hallops.exceptions import DomainError

from .helpers import SVG_WITH_SCRIPT, jpeg_with_gps, pdf, pixel_bomb, png, upload, zip_bomb


def test_it_strips_exif_and_gps_from_a_photo_and_makes_a_thumbnail():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the input has GPS
    prepared = prepare(upload("现场.jpg", original))
    stored = Image.open(io.BytesIO(prepared.content))
    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in prepared.content and b"Exif" not in prepared.content
    thumb = Image.open(io.BytesIO(prepared.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) <= 320
    assert (prepared.width, prepared.height) == (64, 48)
    assert prepared.mime_type == "image/jpeg" and prepared.name == "现场.jpg"


def test_it_shrinks_the_thumbnail_of_a_large_photo(settings):
    settings.ATTACHMENT_THUMBNAIL_SIZE = 100
    prepared = prepare(upload("big.png", png((1200, 800))))
    assert Image.open(io.BytesIO(prepared.thumbnail)).size == (100, 67)


def test_it_accepts_a_pdf_by_its_signature():
    prepared = prepare(upload("letter.pdf", pdf()))
    assert prepared.kind == "pdf" and prepared.thumbnail is None


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.pdf", jpeg_with_gps(), "文件名与内容不符"),
    ("letter.jpg", pdf(), "文件名与内容不符"),
    ("photo.jpg", b"MZ\x90\x00 this is a program", "只能附加"),
    ("evidence.zip", zip_bomb(), "只能附加"),
    ("photo.jpg", zip_bomb(), "只能附加"),
    ("drawing.svg", SVG_WITH_SCRIPT, "只能附加"),
    ("drawing.png", SVG_WITH_SCRIPT, "只能附加"),
    ("huge.png", pixel_bomb(), "像素"),
    ("script.pdf", pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction "
                                 b"<< /S /JavaScript /JS (app.alert(1)) >>"), "脚本"),
    ("empty.jpg", b"", "空"),
])
def test_it_refuses_a_hostile_file_with_a_translated_message(name, data, message):
    with pytest.raises(DomainError, match=message) as refused:
        prepare(upload(name, data))
    assert name in refused.value.message


def test_it_refuses_a_damaged_photo():
    broken = jpeg_with_gps((400, 300))[:600]
    with pytest.raises(DomainError, match="损坏|只能附加"):
        prepare(upload("broken.jpg", broken))


def test_it_refuses_a_picture_above_the_pixel_cap(settings):
    settings.ATTACHMENT_MAX_PIXELS = 1000
    with pytest.raises(DomainError, match="像素"):
        prepare(upload("wide.png", png((100, 11))))


def test_it_refuses_a_file_above_the_size_limit(settings):
    settings.ATTACHMENT_MAX_FILE_BYTES = 500
    with pytest.raises(DomainError, match="大于"):
        prepare(upload("photo.jpg", jpeg_with_gps((300, 300))))


def test_it_strips_exif_from_a_png_and_a_webp_too():
    for fmt, name in (("PNG", "a.png"), ("WEBP", "a.webp")):
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (31.0, 14.0, 2.5)}
        source = io.BytesIO()
        Image.new("RGB", (30, 20), (1, 2, 3)).save(source, format=fmt, exif=exif)
        assert Image.open(io.BytesIO(source.getvalue())).getexif()  # the input carries EXIF
        stored = Image.open(io.BytesIO(prepare(upload(name, source.getvalue())).content))
        assert stored.format == fmt and len(stored.getexif()) == 0, fmt
