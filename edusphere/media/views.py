"""What GraphQL shows of an asset: an `Image` (public variants, for <img srcset>) or a lesson's
`MediaFile` (a signed link, only for a viewer who may open the lesson)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from edusphere.auth.viewer import current_viewer
from edusphere.core.graphql import RequestContext
from edusphere.core.graphql.dataloader import DataLoader, loader
from edusphere.courses import loaders as course_loaders
from edusphere.courses import locks
from edusphere.courses.models import CourseStatus, Lesson, Module
from edusphere.media import urls
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.urls import FORMAT_MIME

FALLBACK_FORMATS = ("jpeg", "png")
PROTECTED_KINDS = (MediaKind.VIDEO, MediaKind.FILE)


@dataclass(frozen=True)
class VariantView:
    url: str
    width: int
    height: int
    format: str
    mime_type: str


@dataclass(frozen=True)
class ImageView:
    id: str
    width: int
    height: int
    url: str
    srcset: str
    variants: list[VariantView]
    placeholder: str | None


@dataclass(frozen=True)
class MediaFileView:
    id: str
    kind: str
    mime_type: str
    size_bytes: float
    name: str
    duration_seconds: float | None
    url: str
    url_expires_at: datetime


def assets(ctx: RequestContext) -> DataLoader[UUID, MediaAsset]:
    async def batch(ids: list[UUID]) -> dict[UUID, MediaAsset]:
        return {row.id: row for row in await MediaAsset.filter(id__in=ids)}

    return loader(ctx.loaders, "media-assets", batch)


async def image(ctx: RequestContext, asset_id: UUID | None) -> ImageView | None:
    if asset_id is None:
        return None
    asset = await assets(ctx).load(asset_id)
    return None if asset is None else image_view(asset)


def image_view(asset: MediaAsset) -> ImageView | None:
    """None for an asset that is not a usable image (no variants in a fallback format)."""
    if asset.kind is not MediaKind.IMAGE or not asset.width or not asset.height:
        return None
    variants = sorted(
        (view for raw in asset.variants if (view := _variant(asset, raw)) is not None),
        key=lambda view: (view.width, view.format),
    )
    fallback = [view for view in variants if view.format in FALLBACK_FORMATS]
    if not fallback:
        return None
    return ImageView(
        id=str(asset.id),
        width=asset.width,
        height=asset.height,
        url=fallback[-1].url,
        srcset=", ".join(f"{view.url} {view.width}w" for view in fallback),
        variants=variants,
        placeholder=asset.placeholder,
    )


def _variant(asset: MediaAsset, raw: Any) -> VariantView | None:
    """One stored variant record (`{"width", "format", "key", "height"?}`); a record that does
    not have that shape is skipped rather than failing the whole field."""
    if not isinstance(raw, dict):
        return None
    width, fmt = raw.get("width"), raw.get("format")
    fmt = "jpeg" if fmt == "jpg" else fmt
    if not isinstance(width, int) or width < 1 or fmt not in FORMAT_MIME:
        return None
    height = raw.get("height")
    if not isinstance(height, int) or height < 1:
        height = max(1, round(width * (asset.height or 1) / (asset.width or 1)))
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        key = urls.public_key(asset.sha256, width, fmt)
    return VariantView(urls.public_url(key), width, height, fmt, FORMAT_MIME[fmt])


async def may_open_lesson(ctx: RequestContext, lesson: Lesson) -> bool:
    """The course's creator, an admin, a learner with an active enrollment, or anyone signed in
    for a preview lesson of a published course (the rule the protected download applies again:
    `access.may_open_asset`); the learner's only once the lesson's module has opened to them."""
    viewer = current_viewer(ctx)
    if viewer is None:
        return False
    if viewer.is_admin:
        return True
    course_id = getattr(lesson, "course_key", None)
    if course_id is None:
        course_id = (await Module.get(id=lesson.module_id)).course_id  # type: ignore[attr-defined]
    course = await course_loaders.courses(ctx).load(course_id)
    if course is not None and course.creator_id == viewer.id:  # type: ignore[attr-defined]
        return True
    if course is not None and lesson.is_preview and course.status is CourseStatus.PUBLISHED:
        return True
    if await course_loaders.viewer_enrollments(ctx).load(course_id) is None:
        return False
    return await locks.lesson_locked_until(ctx, lesson) is None  # drip release


async def lesson_file(ctx: RequestContext, lesson: Lesson) -> MediaFileView | None:
    asset_id: UUID | None = lesson.asset_id  # type: ignore[attr-defined]
    viewer = current_viewer(ctx)
    if asset_id is None or viewer is None or not await may_open_lesson(ctx, lesson):
        return None
    asset = await assets(ctx).load(asset_id)
    if asset is None or asset.kind not in PROTECTED_KINDS:
        return None
    return file_view(ctx, asset, viewer.id)


def file_view(ctx: RequestContext, asset: MediaAsset, viewer_id: UUID) -> MediaFileView:
    """A protected asset with a link signed for the viewer (the download checks access again)."""
    expires_at = int(time.time()) + ctx.runtime.settings.media.signed_url_seconds
    return MediaFileView(
        id=str(asset.id),
        kind=asset.kind.value,
        mime_type=asset.mime_type,
        size_bytes=float(asset.size_bytes),
        name=asset.original_name or asset.kind.value.lower(),
        duration_seconds=asset.duration_seconds,
        url=urls.protected_url(ctx.runtime.settings.secret_key, asset.id, viewer_id, expires_at),
        url_expires_at=datetime.fromtimestamp(expires_at, UTC),
    )
