"""process_image on real files made with Pillow here, through a real process pool: hostile
files first (bombs, damaged, disguised), then what a good image becomes (upright, no metadata,
never upscaled, the right formats and modes)."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, features
from PIL.PngImagePlugin import PngInfo

from edusphere.core.settings import MediaSettings
from edusphere.media.images import ImageRefused, ProcessedImage, Variant, new_pool, process_image, render_variants

SETTINGS = MediaSettings()
HAS_AVIF = features.check("avif")
# What the outputs must not carry, in any container: EXIF (with its GPS block), XMP, ICC
# profiles, PNG text chunks.
METADATA_MARKERS = (b"Exif\x00\x00", b"eXIf", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"iCCP", b"ICCP",
                    b"tEXt", b"iTXt", b"zTXt", b"secret-serial", b"XMP ")  # fmt: skip
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description about="secret-serial"/></x:xmpmeta>'


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    with new_pool(2) as executor:  # the pool the media domain makes (spawned, lower priority)
        yield executor


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 24-megapixel camera JPEG stored sideways (6000x4000, EXIF orientation 6: shown rotated
    90 degrees clockwise) with GPS position, a camera serial, XMP and an ICC profile; its stored
    left half is red, its right half blue."""
    image = Image.new("RGB", (6000, 4000), (220, 20, 20))
    image.paste((20, 20, 220), (3000, 0, 6000, 4000))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Camera"
    exif[ExifTags.Base.BodySerialNumber] = "secret-serial"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.0)
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    image.save(path, "JPEG", quality=90, exif=exif, icc_profile=SRGB, xmp=XMP)
    with Image.open(path) as check:  # the fixture really carries what the outputs must not
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert check.info.get("icc_profile")
        assert check.info.get("xmp")
    return path


async def _process(pool: ProcessPoolExecutor, source: Path, tmp_path: Path, **settings: object) -> ProcessedImage:
    return await process_image(pool, source, tmp_path / "out", MediaSettings(**settings))


async def _refused(pool: ProcessPoolExecutor, source: Path, tmp_path: Path, **settings: object) -> str:
    with pytest.raises(ImageRefused) as refused:
        await _process(pool, source, tmp_path, **settings)
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir()), "a refused image left files behind"
    return refused.value.reason


def _near(pixel: object, expected: tuple[int, ...], channels: slice = slice(None), tolerance: int = 40) -> bool:
    """Lossy formats move colours a little; an upside-down or wrongly converted image moves
    them a lot."""
    assert isinstance(pixel, tuple), pixel
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[channels], expected[channels], strict=True))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# ----- hostile files -------------------------------------------------------------------------


async def test_a_png_claiming_100000_by_100000_pixels_is_refused_before_decoding(
    pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 4096))
        + _png_chunk(b"IEND", b"")
    )
    assert bomb.stat().st_size < 200
    assert "pixels" in await _refused(pool, bomb, tmp_path)


async def test_images_over_the_configured_pixel_limit_are_refused(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    # 1,200 pixels: between the limit and twice it, where Pillow itself would only warn.
    near = tmp_path / "near.png"
    Image.new("RGB", (40, 30)).save(near)
    assert "pixels" in await _refused(pool, near, tmp_path, max_image_pixels=1000)
    far = tmp_path / "far.png"  # 10,000 pixels: past twice the limit, Pillow's own refusal
    Image.new("RGB", (100, 100)).save(far)
    assert "pixels" in await _refused(pool, far, tmp_path, max_image_pixels=1000)


async def test_a_truncated_jpeg_is_refused(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    assert "damaged" in await _refused(pool, truncated, tmp_path)


async def test_a_png_with_a_broken_checksum_is_refused(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (1, 2, 3)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[data.index(b"IDAT") + 8] ^= 0xFF  # one byte of the compressed pixels flipped
    broken = tmp_path / "broken.png"
    broken.write_bytes(bytes(data))
    assert "damaged" in await _refused(pool, broken, tmp_path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.jpg", b"Just some text pretending to be a photo.\n" * 20),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
            b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>',
        ),
        ("empty.png", b""),
        ("header-only.png", b"\x89PNG\r\n\x1a\n"),
    ],
)
async def test_files_that_are_not_images_are_refused(
    pool: ProcessPoolExecutor, tmp_path: Path, name: str, content: bytes
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    reason = await _refused(pool, source, tmp_path)
    assert "JPEG, PNG, GIF or WebP" in reason or "damaged" in reason


async def test_formats_outside_the_list_are_refused_even_when_pillow_reads_them(
    pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    for fmt, name in (("BMP", "image.bmp"), ("TIFF", "image.tif"), ("ICO", "image.ico")):
        source = tmp_path / name
        Image.new("RGB", (64, 64), (9, 9, 9)).save(source, fmt)
        assert "JPEG, PNG, GIF or WebP" in await _refused(pool, source, tmp_path)


async def test_an_image_too_narrow_for_its_height_is_refused(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    tall = tmp_path / "tall.png"
    Image.new("RGB", (10, 20_000)).save(tall)  # 200,000 pixels, but no WebP can be 20,000 high
    assert "narrow" in await _refused(pool, tall, tmp_path)


def test_a_refusal_survives_the_trip_back_from_a_worker_process() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(ImageRefused("The image is damaged or truncated")))  # noqa: S301
    assert isinstance(again, ImageRefused)
    assert again.reason == "The image is damaged or truncated"


# ----- what a good image becomes --------------------------------------------------------------


def _assert_no_metadata(variant: Variant) -> None:
    data = variant.path.read_bytes()
    for marker in METADATA_MARKERS:
        assert marker not in data, f"{variant.path.name} carries {marker!r}"
    with Image.open(variant.path) as image:
        assert not image.getexif(), f"{variant.path.name} has EXIF"
        for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "dpi"):
            assert key not in image.info, f"{variant.path.name} has {key}"


def _formats(result: ProcessedImage, width: int) -> set[str]:
    return {variant.format for variant in result.variants if variant.width == width}


async def test_a_24_megapixel_photo_becomes_upright_metadata_free_variants(
    pool: ProcessPoolExecutor, photo: Path, tmp_path: Path
) -> None:
    result = await _process(pool, photo, tmp_path)
    assert (result.width, result.height) == (4000, 6000)  # upright: orientation 6 applied
    assert result.fallback_mime == "image/jpeg"
    expected = {"webp", "jpeg", "avif"} if HAS_AVIF else {"webp", "jpeg"}
    for width in SETTINGS.image_widths:
        assert _formats(result, width) == expected
    assert {(v.width, v.height) for v in result.variants} == {(320, 480), (640, 960), (1280, 1920)}
    for variant in result.variants:
        assert variant.path.parent == tmp_path / "out"
        with Image.open(variant.path) as image:
            assert image.format.lower() == variant.format
            assert image.size == (variant.width, variant.height)
            assert image.mode == "RGB"
            image.load()
            top = image.getpixel((variant.width // 2, variant.height // 4))
            bottom = image.getpixel((variant.width // 2, variant.height * 3 // 4))
        # The stored left (red) half is on top once upright, the blue half below.
        assert _near(top, (220, 20, 20)), (variant.path.name, top)
        assert _near(bottom, (20, 20, 220)), (variant.path.name, bottom)
        _assert_no_metadata(variant)
    assert {v.mime for v in result.variants} == {f"image/{f}" for f in expected}


async def test_the_placeholder_is_a_tiny_jpeg_data_uri(pool: ProcessPoolExecutor, photo: Path, tmp_path: Path) -> None:
    result = await _process(pool, photo, tmp_path)
    prefix = "data:image/jpeg;base64,"
    assert result.placeholder.startswith(prefix)
    assert len(result.placeholder) < 1500
    data = base64.b64decode(result.placeholder.removeprefix(prefix))
    assert b"Exif\x00\x00" not in data
    assert b"ICC_PROFILE" not in data
    with Image.open(io.BytesIO(data)) as tiny:
        assert tiny.format == "JPEG"
        assert tiny.size == (16, 24)


async def test_a_png_with_alpha_keeps_it_in_a_png_fallback(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    image = Image.new("RGBA", (900, 600), (0, 128, 255, 0))
    image.paste((0, 128, 255, 255), (0, 0, 450, 600))
    text = PngInfo()
    text.add_text("Author", "secret-serial")
    text.add_itxt("Comment", "secret-serial", zip=True)
    source = tmp_path / "logo.png"
    image.save(source, pnginfo=text, icc_profile=SRGB)
    result = await _process(pool, source, tmp_path)
    assert (result.width, result.height) == (900, 600)
    assert result.fallback_mime == "image/png"
    assert {v.width for v in result.variants} == {320, 640}  # 1280 would be upscaled
    assert _formats(result, 640) == ({"webp", "png", "avif"} if HAS_AVIF else {"webp", "png"})
    for variant in result.variants:
        _assert_no_metadata(variant)
        with Image.open(variant.path) as out:
            assert out.mode == "RGBA", variant.path.name
            out.load()
            opaque, clear = out.getpixel((10, 10)), out.getpixel((variant.width - 10, 10))
        assert _near(opaque, (0, 128, 255, 255)), (variant.path.name, opaque)
        assert _near(clear, (0, 0, 0, 0), channels=slice(3, 4)), (variant.path.name, clear)


async def test_a_cmyk_jpeg_becomes_rgb(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    source = tmp_path / "print.jpg"
    Image.new("CMYK", (800, 600), (0, 255, 255, 0)).save(source, "JPEG", quality=95)  # full magenta+yellow: red
    result = await _process(pool, source, tmp_path)
    assert result.fallback_mime == "image/jpeg"
    for variant in result.variants:
        with Image.open(variant.path) as out:
            assert out.mode == "RGB"
            pixel = out.getpixel((5, 5))
        assert _near(pixel, (255, 0, 0)), (variant.path.name, pixel)


async def test_an_animated_gif_gives_its_first_frame(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    frames = [Image.new("RGB", (400, 300), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    source = tmp_path / "animated.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], duration=100, loop=0)
    with Image.open(source) as check:
        assert check.n_frames == 3
    result = await _process(pool, source, tmp_path)
    assert (result.width, result.height) == (400, 300)
    assert {(v.width, v.height) for v in result.variants} == {(320, 240)}
    for variant in result.variants:
        with Image.open(variant.path) as out:
            assert getattr(out, "n_frames", 1) == 1
            pixel = out.convert("RGB").getpixel((160, 120))
        assert _near(pixel, (255, 0, 0)), (variant.path.name, pixel)


async def test_palette_and_grey_with_alpha_images_are_converted(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    grey = tmp_path / "grey.png"
    Image.new("LA", (500, 500), (128, 100)).save(grey)
    palette = tmp_path / "palette.gif"
    Image.new("P", (500, 500), 3).save(palette, transparency=3)
    opaque_palette = tmp_path / "opaque.png"
    Image.new("RGB", (500, 500), (10, 200, 10)).convert("P", palette=Image.Palette.ADAPTIVE).save(opaque_palette)
    for source, mime, mode in (
        (grey, "image/png", "RGBA"),
        (palette, "image/png", "RGBA"),
        (opaque_palette, "image/jpeg", "RGB"),
    ):
        result = await _process(pool, source, tmp_path / source.stem)
        assert result.fallback_mime == mime, source.name
        for variant in result.variants:
            with Image.open(variant.path) as out:
                assert out.mode == mode, variant.path.name


async def test_a_small_image_is_never_upscaled(pool: ProcessPoolExecutor, tmp_path: Path) -> None:
    source = tmp_path / "small.webp"
    Image.new("RGB", (200, 100), (50, 60, 70)).save(source, "WEBP")
    result = await _process(pool, source, tmp_path)
    assert {(v.width, v.height) for v in result.variants} == {(200, 100)}
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        ["200.webp", "200.jpg", *(["200.avif"] if HAS_AVIF else [])]
    )


def test_the_work_function_runs_in_process_too(photo: Path, tmp_path: Path) -> None:
    """`render_variants` is the pool's work: a plain top-level function of picklable arguments."""
    result = render_variants(photo, tmp_path, (320,), SETTINGS.max_image_pixels)
    assert {(v.width, v.height) for v in result.variants} == {(320, 480)}
