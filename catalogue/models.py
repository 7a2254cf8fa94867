"""The public side of the OCOP registry: what a producer agreed to publish about a product.

The registry record (``registries.OcopProduct``) stays the officers' record; everything
that exists only to be shown to the public lives here, linked to it:

* ``PublicProduct`` — one per published product: the publication flag, a permanent
  public id (random, never derived from the name or the unit, so a printed QR code
  survives renames and the 2025 reform), the producer's contact details with the
  producer's consent to show each, GTIN, a public description, the place of production
  (a commune) and the traceability links (planting-area code, certifications);
* ``ProductPhoto`` — photos, stored in the database (validated on upload) and served by
  the catalogue itself;
* ``Batch`` — production batches / lots with their dates and their own QR code.

Which entries the public sees is one rule: ``catalogue.publication.public_products``.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registries.models import Certification, OcopProduct, PlantingCode
from units.models import Unit

# Crockford-like alphabet without look-alikes (0/o, 1/l/i): codes read aloud or typed from a label.
PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PUBLIC_ID_LENGTH = 10


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def gtin_check_digit(body: str) -> int:
    """GS1 check digit of the digits before it (weights 3, 1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_gtin(value: str) -> None:
    if not value.isascii() or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(_("GTIN gồm 8, 12, 13 hoặc 14 chữ số."))
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(_("Chữ số kiểm tra của GTIN không đúng."))


class PublicProduct(models.Model):
    """What the catalogue publishes about one OCOP product (only with ``published`` set)."""

    product = models.OneToOneField(OcopProduct, verbose_name=_("sản phẩm OCOP (sổ đăng ký)"),
                                   on_delete=models.CASCADE, related_name="public_entry")
    public_id = models.CharField(_("mã công khai"), max_length=16, unique=True, default=new_public_id,
                                 editable=False,
                                 help_text=_("Mã cố định trong địa chỉ và mã QR; không đổi khi đổi tên, đổi đơn vị."))
    published = models.BooleanField(
        _("công bố trên danh mục công khai"), default=False,
        help_text=_("Chỉ sản phẩm đã có quyết định công nhận, không phải bản ghi giữ chỗ, mới hiện công khai."))
    description = models.TextField(_("giới thiệu sản phẩm (công khai)"), blank=True)
    producer_address = models.CharField(_("địa chỉ chủ thể"), max_length=255, blank=True)
    show_address = models.BooleanField(_("chủ thể đồng ý công khai địa chỉ"), default=False)
    producer_phone = models.CharField(_("điện thoại chủ thể"), max_length=32, blank=True)
    show_phone = models.BooleanField(_("chủ thể đồng ý công khai điện thoại"), default=False)
    gtin = models.CharField(_("mã GTIN (mã vạch)"), max_length=14, blank=True, validators=[validate_gtin])
    place_unit = models.ForeignKey(
        Unit, verbose_name=_("xã, phường nơi sản xuất"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống thì dùng đơn vị của sản phẩm trong sổ đăng ký."))
    place_detail = models.CharField(_("nơi sản xuất (mô tả)"), max_length=255, blank=True)
    facility = models.CharField(_("vùng nguyên liệu, cơ sở sản xuất được chứng nhận"), max_length=255, blank=True)
    planting_code = models.ForeignKey(PlantingCode, verbose_name=_("mã số vùng trồng"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    certifications = models.ManyToManyField(Certification, verbose_name=_("chứng nhận (VietGAP, hữu cơ …)"),
                                            blank=True, related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm trên danh mục công khai")
        verbose_name_plural = _("sản phẩm trên danh mục công khai")
        ordering = ["product__name"]

    def __str__(self) -> str:
        return f"{self.product.name} ({self.public_id})"

    def clean(self):
        super().clean()
        if self.place_unit_id and self.place_unit.level != 3:
            raise ValidationError({"place_unit": _("Nơi sản xuất là một xã, phường, thị trấn.")})


class ProductPhoto(models.Model):
    """A photo of a published product, validated on upload (see ``catalogue.photos``)."""

    entry = models.ForeignKey(PublicProduct, verbose_name=_("sản phẩm"), on_delete=models.CASCADE,
                              related_name="photos")
    image = models.BinaryField(_("ảnh"), editable=False)
    content_type = models.CharField(_("kiểu tệp"), max_length=32, editable=False)
    width = models.PositiveIntegerField(_("rộng (px)"), editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), editable=False)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["entry", "position", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.entry.product.name} — {self.position}"


class Batch(models.Model):
    """A production batch or lot (lô sản xuất) of a published product, with its own QR code."""

    entry = models.ForeignKey(PublicProduct, verbose_name=_("sản phẩm"), on_delete=models.CASCADE,
                              related_name="batches")
    public_id = models.CharField(_("mã công khai"), max_length=16, unique=True, default=new_public_id,
                                 editable=False)
    lot_code = models.CharField(_("số lô"), max_length=32)
    produced_on = models.DateField(_("ngày sản xuất"), null=True, blank=True)
    packed_on = models.DateField(_("ngày đóng gói"), null=True, blank=True)
    best_before = models.DateField(_("hạn sử dụng"), null=True, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2, null=True, blank=True,
                                   validators=[MinValueValidator(0)])
    measure = models.CharField(_("đơn vị tính"), max_length=32, blank=True)
    published = models.BooleanField(_("công bố"), default=True)

    class Meta:
        verbose_name = _("lô sản xuất")
        verbose_name_plural = _("lô sản xuất")
        ordering = ["entry", "-produced_on", "lot_code"]
        constraints = [models.UniqueConstraint(fields=["entry", "lot_code"], name="catalogue_batch_lot_unique")]

    def __str__(self) -> str:
        return f"{self.entry.product.name} — {self.lot_code}"

    def clean(self):
        super().clean()
        if self.lot_code and not all(ch.isalnum() or ch in "-._/" for ch in self.lot_code):
            raise ValidationError({"lot_code": _("Số lô chỉ gồm chữ, số và các dấu '-', '.', '_', '/'.")})
        if self.produced_on and self.best_before and self.best_before < self.produced_on:
            raise ValidationError({"best_before": _("Hạn sử dụng trước ngày sản xuất.")})
        if self.produced_on and self.packed_on and self.packed_on < self.produced_on:
            raise ValidationError({"packed_on": _("Ngày đóng gói trước ngày sản xuất.")})
