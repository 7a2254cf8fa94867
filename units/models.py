"""Administrative units in both structures: before and after the 1 July 2025 reform.

Before the reform: province (tỉnh) → district (huyện, quận, thị xã, thành phố thuộc
tỉnh) → commune (xã, phường, thị trấn).  From 1 July 2025: province → commune, with
no district level.  Both structures live in one table; a unit's validity dates say
which structure it belongs to, and ``UnitSuccession`` maps old units to new ones.

The unit ``code`` is the dot-joined path of zero-padded GSO codes — province ``12``,
old district ``12.105``, old commune ``12.105.03409``, new commune ``12.03637`` — so
it is unique across both structures (GSO re-used commune codes after the reform) and
doubles as a materialised path: the descendants of a unit are the units whose code
starts with its code and a dot.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REFORM_DATE = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = dt.date(2025, 6, 30)

# The two structures a figure can be asked in (the ``co-cau`` of the pages): the one in
# force until 30/06/2025 (province → district → commune) and the one from 01/07/2025.
STRUCTURE_BEFORE, STRUCTURE_AFTER = "truoc", "sau"


def structure_day(structure: str) -> dt.date:
    """A day on which the structure is in force."""
    return LAST_DAY_BEFORE_REFORM if structure == STRUCTURE_BEFORE else REFORM_DATE


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNLET = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


# Name prefix -> type, by level; the longest prefixes first.
_PREFIXES = {
    Level.PROVINCE: [("Thành phố", UnitType.CENTRAL_CITY), ("Tỉnh", UnitType.PROVINCE)],
    Level.DISTRICT: [
        ("Thành phố", UnitType.PROVINCIAL_CITY),
        ("Thị xã", UnitType.TOWN),
        ("Huyện", UnitType.DISTRICT),
        ("Quận", UnitType.URBAN_DISTRICT),
    ],
    Level.COMMUNE: [
        ("Thị trấn", UnitType.TOWNLET),
        ("Phường", UnitType.WARD),
        ("Đặc khu", UnitType.SPECIAL_ZONE),
        ("Xã", UnitType.COMMUNE),
    ],
}


def unit_type_from_name(name: str, level: int) -> str:
    """The unit type written at the start of a Vietnamese unit name."""
    lowered = name.lower()
    for prefix, unit_type in _PREFIXES[Level(level)]:
        if lowered.startswith(prefix.lower() + " "):
            return unit_type
    # A few district-level units in the source data carry no prefix; they are districts.
    return {Level.PROVINCE: UnitType.PROVINCE, Level.DISTRICT: UnitType.DISTRICT}.get(
        Level(level), UnitType.COMMUNE
    )


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units that exist on ``day``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def valid_during(self, start: dt.date, end: dt.date) -> UnitQuerySet:
        """Units that exist on at least one day of [start, end]."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        )

    def subtree(self, unit: Unit, include_self: bool = True) -> UnitQuerySet:
        """The unit and every unit below it, in both structures."""
        q = Q(code__startswith=unit.code + ".")
        if include_self:
            q |= Q(pk=unit.pk)
        return self.filter(q)


class Unit(models.Model):
    """A province, district or commune, with the dates it existed."""

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    gso_code = models.CharField(_("mã TCTK"), max_length=8, db_index=True)
    name = models.CharField(_("tên"), max_length=128)
    unit_type = models.CharField(_("loại"), max_length=16, choices=UnitType.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    former_name = models.CharField(
        _("tên trước sắp xếp"), max_length=128, blank=True,
        help_text=_("Tên của đơn vị trước ngày 01/07/2025 nếu khác tên hiện nay."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with the code, for pickers: 'Xã San Thàng (12.105.03409)'."""
        return f"{self.name} ({self.code})"

    def name_on(self, day: dt.date) -> str:
        """The unit's name in force on ``day``: a province that kept its code at the
        reform but took a new name (80: Long An until 30/06/2025, then Tây Ninh) is named
        as it was then.  Every page, report, export and API answer names units this way."""
        if self.former_name and day < REFORM_DATE:
            return self.former_name
        return self.name

    @property
    def spans_reform(self) -> bool:
        """Whether the unit belongs to both structures (a province that kept its code)."""
        return self.is_valid_on(LAST_DAY_BEFORE_REFORM) and self.is_valid_on(REFORM_DATE)

    @property
    def is_pre_reform(self) -> bool:
        return self.valid_to is not None and self.valid_to < REFORM_DATE

    @property
    def is_post_reform(self) -> bool:
        return self.valid_from is not None and self.valid_from >= REFORM_DATE

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def is_valid_during(self, start: dt.date, end: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )

    def ancestors(self) -> list[Unit]:
        """From the province down to the parent, by code prefix (one query)."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    def children_on(self, day: dt.date) -> UnitQuerySet:
        return self.children.all().valid_on(day)

    def contains(self, other: Unit) -> bool:
        return other.code == self.code or other.code.startswith(self.code + ".")


class UnitSuccession(models.Model):
    """Old unit → new unit across the 2025 reform.

    A new commune usually merges several old ones (several rows with the same
    successor); an old commune split among several new ones has several rows with
    the same predecessor.  Provinces merged too: Hà Giang (02) → Tuyên Quang (08).
    """

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessions"
    )
    effective_date = models.DateField(_("ngày hiệu lực"), default=REFORM_DATE)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị (sắp xếp 2025)")
        verbose_name_plural = _("chuyển đổi đơn vị (sắp xếp 2025)")
        ordering = ["predecessor__code", "successor__code"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
