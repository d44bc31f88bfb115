"""`edusphere media gc`: assets nobody uses, and the files nobody else needs.

An asset is unused when no course cover, avatar or lesson references it and no other domain
holds it (`Domain.asset_uses`: chat's attachments); one older than the
grace period (an upload not yet attached to anything is young) is deleted, and its files with
it unless another row has the same bytes (the same SHA-256: the store keeps one copy): the
protected file if no other VIDEO/FILE row has them, the image variants if no other IMAGE row
does. Each deletion holds the advisory lock uploads take on the hash, so an upload of the same
bytes either finds the files or waits and stores them again. tus uploads left in `incoming/`
longer than the grace period are removed too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from edusphere.media.access import asset_uses
from edusphere.media.models import MediaAsset, MediaKind
from edusphere.media.storage import Storage, protected_key


@dataclass(frozen=True)
class GCReport:
    assets_deleted: int
    files_deleted: int
    incoming_deleted: int


def _unreferenced() -> Q:
    return Q(covers__id__isnull=True) & Q(avatars__id__isnull=True) & Q(lessons__id__isnull=True)


async def collect(store: Storage, grace_hours: float, now: datetime | None = None) -> GCReport:
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=grace_hours)
    found = await MediaAsset.filter(_unreferenced(), created_at__lt=cutoff).distinct().values_list("id", flat=True)
    unreferenced = [UUID(str(asset_id)) for asset_id in found]
    held = await _held_elsewhere(unreferenced)
    candidates = [asset_id for asset_id in unreferenced if asset_id not in held]
    assets = files = 0
    for asset_id in candidates:
        deleted = await _delete_if_unused(store, asset_id, cutoff)
        if deleted is not None:
            assets += 1
            files += deleted
    return GCReport(assets, files, _sweep_incoming(store.incoming, cutoff.timestamp()))


async def _delete_if_unused(store: Storage, asset_id: object, cutoff: datetime) -> int | None:
    asset = await MediaAsset.get_or_none(id=asset_id)
    if asset is None:
        return None
    async with in_transaction() as db:
        await db.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext('edusphere:media'), hashtext($1))", [asset.sha256]
        )
        still = await MediaAsset.filter(_unreferenced(), id=asset.id, created_at__lt=cutoff).exists()
        if not still or await _held_elsewhere([asset.id]):
            return None
        await MediaAsset.filter(id=asset.id).delete()
        same = MediaAsset.filter(sha256=asset.sha256)
        keys: list[str] = []
        if asset.kind is MediaKind.IMAGE:
            if not await same.filter(kind=MediaKind.IMAGE).exists():
                keys = [str(variant["key"]) for variant in asset.variants if "key" in variant]
        elif not await same.filter(kind__in=[MediaKind.VIDEO, MediaKind.FILE]).exists():
            keys = [protected_key(asset.sha256)]
        for key in keys:
            await store.delete(key)
    return len(keys)


async def _held_elsewhere(asset_ids: list[UUID]) -> set[UUID]:
    """Those of `asset_ids` another domain still uses (chat attachments: `Domain.asset_uses`)."""
    held: set[UUID] = set()
    if not asset_ids:
        return held
    for use in asset_uses():
        held |= await use.in_use(asset_ids)
    return held


def _sweep_incoming(incoming: Path, cutoff: float) -> int:
    """Temp files and tus uploads (data and state) untouched since before the cutoff."""
    removed = 0
    if not incoming.is_dir():
        return 0
    for entry in incoming.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if entry.stat().st_mtime >= cutoff:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)  # an image's work directory
            else:
                os.remove(entry)
            removed += 1
    return removed
