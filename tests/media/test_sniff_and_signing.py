"""Typing from the bytes and the signed links, without a server."""

from __future__ import annotations

import time
import uuid

import pytest

from edusphere.media import signing
from edusphere.media.models import MediaKind
from edusphere.media.sniff import allowed, sniff
from edusphere.media.storage import InvalidKey, check_key
from edusphere.media.uploads import safe_name
from tests.media.helpers import ELF, MP4, PDF, WEBM, jpeg, png


@pytest.mark.parametrize(
    "head",
    [
        ELF,
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",
        b"#!/bin/sh\nrm -rf /\n",
        b"<!DOCTYPE html><html><script>alert(1)</script>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<svg onload=alert(1)>",
        b"some harmless text first\n<script>alert(1)</script>",
        "<html>".encode("utf-16"),
        b"\x00asm\x01\x00\x00\x00",
    ],
)
def test_executables_and_active_content_are_refused_for_every_kind(head: bytes) -> None:
    assert sniff(head) is None
    assert not any(allowed(kind, sniff(head)) for kind in MediaKind)


def test_types_come_from_the_bytes() -> None:
    assert sniff(png()) == "image/png"
    assert sniff(jpeg()) == "image/jpeg"
    assert sniff(b"GIF89a\x01\x00") == "image/gif"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf") == "image/avif"
    assert sniff(MP4) == "video/mp4"
    assert sniff(WEBM) == "video/webm"
    assert sniff(PDF) == "application/pdf"
    assert sniff(b"PK\x03\x04\x14\x00") == "application/zip"
    assert sniff("Notes: café\n".encode()) == "text/plain"
    assert sniff(b"\x01\x02\x00\x03") == "application/octet-stream"


def test_a_text_file_is_no_image_and_an_image_no_video() -> None:
    assert not allowed(MediaKind.IMAGE, sniff(b"hello, I am a PNG"))
    assert not allowed(MediaKind.VIDEO, sniff(png()))
    assert not allowed(MediaKind.VIDEO, sniff(ELF))
    assert allowed(MediaKind.FILE, sniff(PDF))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.dll", "evil.dll"),
        ("re\x00port\r\n.pdf", "re port .pdf"),
        ("\u202egnp.exe", "gnp.exe"),
        ("...hidden", "hidden"),
        ("", "file"),
        ("/", "file"),
        ("a" * 400 + ".pdf", "a" * 255),
        ("Leçon 1 — notes.pdf", "Leçon 1 — notes.pdf"),
    ],
)
def test_file_names_lose_paths_and_control_characters(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


@pytest.mark.parametrize(
    "key",
    [
        "public/../protected/ab/" + "ab" * 32,
        "public/ab/" + "cd" * 32 + "-640.webp",  # the prefix must be the hash's
        "public/ab/" + "ab" * 32 + "-640.svg",
        "public/ab/" + "ab" * 32 + "-640.webp/../../x",
        "protected/ab/" + "ab" * 32 + "\x00",
        "incoming/x.part",
    ],
)
def test_keys_outside_the_layout_are_refused(key: str) -> None:
    with pytest.raises(InvalidKey):
        check_key(key)


def test_a_signed_link_works_for_its_viewer_and_asset_until_it_expires() -> None:
    secret, asset, viewer = "s" * 48, uuid.uuid4(), uuid.uuid4()
    expires = int(time.time()) + 60
    query = dict(part.split("=") for part in signing.sign(secret, asset, viewer, expires).split("&"))
    link = signing.verify(secret, asset, query["viewer"], query["exp"], query["sig"])
    assert link is not None
    assert (link.viewer_id, link.expires_at) == (viewer, expires)
    assert signing.verify(secret, uuid.uuid4(), query["viewer"], query["exp"], query["sig"]) is None
    assert signing.verify(secret, asset, str(uuid.uuid4()), query["exp"], query["sig"]) is None
    assert signing.verify(secret, asset, query["viewer"], str(expires + 1), query["sig"]) is None
    assert signing.verify(secret, asset, query["viewer"], "0" + query["exp"], query["sig"]) is None
    assert signing.verify("t" * 48, asset, query["viewer"], query["exp"], query["sig"]) is None
    tampered = "1" if query["sig"][-1] != "1" else "2"
    assert signing.verify(secret, asset, query["viewer"], query["exp"], query["sig"][:-1] + tampered) is None
    assert signing.verify(secret, asset, query["viewer"], query["exp"], query["sig"], now=expires) is None
    assert signing.verify(secret, asset, None, query["exp"], query["sig"]) is None
