"""The one write path of the catalogue: validate, save and audit (the admin and the demo call these)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import Action
from audit.recording import log_change, snapshot

from .models import Batch, ProductPhoto, PublicProduct

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_PIXELS = 4000 * 4000
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}


def _unit_code(obj) -> str:
    entry = obj if isinstance(obj, PublicProduct) else obj.entry
    return entry.product.unit.code


def _snap(obj) -> dict:
    data = snapshot(obj)
    data.pop("image", None)  # photo bytes are not audit material; their size and type are
    return data


@transaction.atomic
def do_save_entry(entry: PublicProduct, data: dict, *, certifications=None, user=None, channel: str,
                  reason: str = "") -> tuple[PublicProduct, bool]:
    """Create or update a product's public entry; returns (entry, changed)."""
    before = _snap(entry) if entry.pk else None
    before_certs = sorted(entry.certifications.values_list("pk", flat=True)) if entry.pk else []
    for name, value in data.items():
        setattr(entry, name, value)
    entry.full_clean()
    after = _snap(entry)
    certs_after = sorted(c.pk for c in certifications) if certifications is not None else before_certs
    if before is not None and {k: v for k, v in after.items() if k != "updated_at"} == \
            {k: v for k, v in before.items() if k != "updated_at"} and certs_after == before_certs:
        return entry, False
    entry.save()
    if certifications is not None:
        entry.certifications.set(certifications)
    new = {**_snap(entry), "certifications": certs_after}
    old = None if before is None else {**before, "certifications": before_certs}
    log_change(user=user, channel=channel, action=Action.CREATE if before is None else Action.UPDATE, obj=entry,
               old=old, new=new, unit_code=_unit_code(entry), reason=reason or "Danh mục OCOP công khai")
    return entry, True


def read_photo(content: bytes) -> tuple[str, int, int]:
    """Check an uploaded photo: JPEG or PNG, at most 2 MB and 16 megapixels. Returns (type, width, height)."""
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationError("Ảnh lớn hơn 2 MB; hãy thu nhỏ ảnh rồi tải lên lại.")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format
            width, height = probe.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError("Ảnh quá lớn (tối đa 16 triệu điểm ảnh).")
            probe.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
        raise ValidationError("Tệp không phải ảnh JPEG hoặc PNG đọc được.") from e
    if kind not in PHOTO_TYPES:
        raise ValidationError("Chỉ nhận ảnh JPEG hoặc PNG.")
    return PHOTO_TYPES[kind], width, height


@transaction.atomic
def do_add_photo(entry: PublicProduct, content: bytes, *, caption: str = "", position: int = 0, user=None,
                 channel: str) -> ProductPhoto:
    content_type, width, height = read_photo(content)
    item = ProductPhoto(entry=entry, image=content, content_type=content_type, width=width, height=height,
                        caption=caption.strip(), position=position)
    item.full_clean()
    item.save()
    log_change(user=user, channel=channel, action=Action.CREATE, obj=item, old=None,
               new={**_snap(item), "bytes": len(content)}, unit_code=_unit_code(item), reason="Ảnh sản phẩm")
    return item


@transaction.atomic
def do_save_batch(batch: Batch, data: dict, *, user=None, channel: str) -> tuple[Batch, bool]:
    before = _snap(batch) if batch.pk else None
    for name, value in data.items():
        setattr(batch, name, value)
    batch.full_clean()
    if before is not None and _snap(batch) == before:
        return batch, False
    batch.save()
    log_change(user=user, channel=channel, action=Action.CREATE if before is None else Action.UPDATE, obj=batch,
               old=before, new=_snap(batch), unit_code=_unit_code(batch), reason="Lô sản xuất")
    return batch, True


@transaction.atomic
def do_delete_batch(batch: Batch, *, user=None, channel: str) -> None:
    log_change(user=user, channel=channel, action=Action.DELETE, obj=batch, old=_snap(batch), new=None,
               unit_code=_unit_code(batch), reason="Xóa lô sản xuất")
    batch.delete()
