"""`POST /media`'s multipart/form-data body, parsed as it streams in (python-multipart).

The parser's callbacks are synchronous and only record what they saw (copies: its buffers are
reused); after each chunk the recorded events are applied here, the file's bytes written by
the `Receiver` (aiofiles), so the event loop never blocks on the disk and memory stays at one
chunk whatever the file's size. Fields, in this order: `kind` (IMAGE|VIDEO|FILE), then `file`;
anything else is refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from edusphere.core.settings import MediaSettings
from edusphere.media import errors
from edusphere.media.models import MediaKind
from edusphere.media.storage import Storage
from edusphere.media.uploads import Received, Receiver, largest_limit, limit_for, parse_kind

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FORM_OVERHEAD = 64 * 1024  # boundaries, part headers and the `kind` field around the file
_KIND_BYTES = 16
_HEADER_BYTES = 8 * 1024
_BOUNDARY_BYTES = 70  # RFC 2046


@dataclass(frozen=True)
class FormUpload:
    kind: MediaKind
    name: str
    received: Received


class _Events:
    """What the parser reported for one chunk, in order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def callbacks(self) -> MultipartCallbacks:
        def data(event: str) -> Callable[[bytes, int, int], None]:
            return lambda buffer, start, end: self.items.append((event, bytes(buffer[start:end])))

        def mark(event: str) -> Callable[[], None]:
            return lambda: self.items.append((event, b""))

        return {
            "on_part_begin": mark("part_begin"),
            "on_header_field": data("header_field"),
            "on_header_value": data("header_value"),
            "on_header_end": mark("header_end"),
            "on_headers_finished": mark("headers_finished"),
            "on_part_data": data("data"),
            "on_part_end": mark("part_end"),
            "on_end": mark("end"),
        }


def boundary_of(content_type: str | None) -> bytes:
    if content_type is not None and not content_type.isascii():  # the parser encodes as Latin-1
        raise errors.bad_input("Send multipart/form-data with the fields `kind` then `file`")
    value, options = parse_options_header(content_type or "")
    boundary = options.get(b"boundary", b"")
    if value != b"multipart/form-data" or not boundary or len(boundary) > _BOUNDARY_BYTES:
        raise errors.bad_input("Send multipart/form-data with the fields `kind` then `file`")
    return boundary


class _FormState:
    def __init__(self, store: Storage, settings: MediaSettings) -> None:
        self.store = store
        self.settings = settings
        self.kind: MediaKind | None = None
        self.kind_bytes = b""
        self.name = ""
        self.part: str | None = None
        self.field = b""
        self.value = b""
        self.headers: dict[bytes, bytes] = {}
        self.receiver: Receiver | None = None
        self.received: Received | None = None
        self.ended = False

    async def apply(self, event: str, data: bytes) -> None:
        if self.ended:
            return
        if event == "part_begin":
            self.part, self.headers, self.field, self.value = None, {}, b"", b""
        elif event == "header_field":
            self.field += data
        elif event == "header_value":
            self.value += data
            if len(self.value) > _HEADER_BYTES:
                raise errors.bad_input("A part header is too long")
        elif event == "header_end":
            self.headers[self.field.strip().lower()] = self.value.strip()
            self.field, self.value = b"", b""
        elif event == "headers_finished":
            await self._begin_part()
        elif event == "data":
            await self._data(data)
        elif event == "part_end":
            await self._end_part()
        elif event == "end":
            self.ended = True

    async def _begin_part(self) -> None:
        disposition, options = parse_options_header(self.headers.get(b"content-disposition", b"").decode("latin-1"))
        name = options.get(b"name", b"").decode("latin-1")
        if disposition != b"form-data" or name not in ("kind", "file"):
            raise errors.bad_input("Only the fields `kind` then `file` are accepted")
        if name == "kind" and (self.kind is not None or self.receiver is not None or self.received is not None):
            raise errors.bad_input("Send `kind` once, before `file`")
        if name == "file":
            if self.kind is None:
                raise errors.bad_input("Send the field `kind` (IMAGE, VIDEO or FILE) before `file`")
            if self.receiver is not None or self.received is not None:
                raise errors.bad_input("Send one `file` per upload")
            self.name = options.get(b"filename", b"").decode("utf-8", errors="replace")
            self.receiver = Receiver(self.store, limit_for(self.settings, self.kind))
            await self.receiver.__aenter__()
        self.part = name

    async def _data(self, data: bytes) -> None:
        if self.part == "kind":
            self.kind_bytes += data
            if len(self.kind_bytes) > _KIND_BYTES:
                raise errors.bad_input("`kind` must be IMAGE, VIDEO or FILE")
        elif self.receiver is not None:
            await self.receiver.write(data)

    async def _end_part(self) -> None:
        if self.part == "kind":
            self.kind = parse_kind(self.kind_bytes.decode("utf-8", errors="replace"))
        elif self.part == "file" and self.receiver is not None:
            self.received = await self.receiver.finish()
            await self.receiver.__aexit__(None, None, None)
            self.receiver = None
        self.part = None

    async def close(self, failed: BaseException | None) -> None:
        if self.receiver is not None:
            await self.receiver.__aexit__(type(failed) if failed else BaseException, None, None)
            self.receiver = None
        if failed is not None and self.received is not None:
            self.received.path.unlink(missing_ok=True)


async def receive_form(
    chunks: AsyncIterator[bytes], content_type: str | None, store: Storage, settings: MediaSettings
) -> FormUpload:
    """The `kind`, the file's name and the finished temp file; raises `MediaError` (413 the
    moment the file passes its kind's limit) with no temp file left behind."""
    events = _Events()
    parser = MultipartParser(boundary_of(content_type), events.callbacks())
    state = _FormState(store, settings)
    budget = largest_limit(settings) + FORM_OVERHEAD
    try:
        async for chunk in chunks:
            budget -= len(chunk)
            if budget < 0:
                raise errors.too_large(largest_limit(settings))
            try:
                parser.write(chunk)
            except MultipartParseError:
                raise errors.bad_input("The multipart body is malformed") from None
            items, events.items = events.items, []
            for event, data in items:
                await state.apply(event, data)
        if not state.ended:
            raise errors.bad_input("The multipart body ended early")
        if state.received is None or state.kind is None:
            raise errors.bad_input("Send the fields `kind` (IMAGE, VIDEO or FILE) and `file`")
    except BaseException as failure:
        await state.close(failure)
        raise
    await state.close(None)
    return FormUpload(state.kind, state.name, state.received)
