"""What every record-keeping app stores the same way.

* :class:`Coverage` — the one declaration of where records are complete: "from
  ``since`` (empty: always) until ``until`` (empty: still), every record of register
  ``register`` for ``unit``'s territory is kept in Bậc Thang".  Registries (OCOP,
  cooperatives …) and the record apps (support, capital, works, incidents) declare
  their coverage here; each reads it through its own counting rule (see
  ``records.territory`` and ``registries.territory``).  ``registries.models.RegistryCoverage``
  and ``support.models.RegisterScope`` are proxies of it, limited to their registers.
* :class:`Record` — the abstract base of a register's records (unit, note, source,
  placeholder flag, version, search text, natural key);
* :class:`FundingSource` — where money comes from.
* ``MONEY`` and ``QUANTITY`` — the decimal shapes of money (triệu đồng) and quantities.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bacthang.lib.text import fold, normalise_text  # noqa: F401 (re-exported: registries, migrations)
from periods.models import Period

from .registers import register_choices

MONEY = dict(max_digits=18, decimal_places=6)
QUANTITY = dict(max_digits=16, decimal_places=4)




class Record(models.Model):
    """Fields every record of a register has (registries, the example register of the tests …):
    its unit, note, source, placeholder flag, version, timestamps and folded search text;
    ``NATURAL_KEY`` makes imports update instead of duplicating."""

    REGISTRY: ClassVar[str] = ""
    # Fields of the natural key (case- and space-insensitive), documented per registry.
    NATURAL_KEY: ClassVar[tuple[str, ...]] = ()
    NAME_FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields the registry list searches, folded into ``search_text`` on every save.
    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị hành chính"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Xã, phường nơi có đối tượng; cấp huyện hoặc tỉnh khi chỉ biết đến cấp đó."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.TextField(
        _("nguồn"), blank=True,
        help_text=_("Văn bản, quyết định hoặc trích dẫn làm căn cứ cho bản ghi."),
    )
    is_placeholder = models.BooleanField(
        _("bản ghi giữ chỗ (dữ liệu mẫu)"), default=False,
        help_text=_("Dữ liệu mẫu: thay cho một đối tượng có thật mà văn bản nguồn chỉ nêu số lượng, không nêu tên."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every write of a record (actions, hence the importer, the admin, the demo) ends here.
        self.search_text = self.folded_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def folded_search_text(self) -> str:
        return "\n".join(fold(getattr(self, name)) for name in self.SEARCH_FIELDS if getattr(self, name))

    def clean(self):
        super().clean()
        for name in self.NAME_FIELDS:
            setattr(self, name, normalise_text(getattr(self, name)))
        self._check_natural_key()

    def identity_key(self) -> tuple:
        # Not named natural_key(): Django's serializers would then write links to records as
        # these tuples, which no manager can resolve back (the backup could not be restored).
        out = []
        for name in self.NATURAL_KEY:
            value = getattr(self, name + "_id", None) if name == "unit" else getattr(self, name)
            out.append(normalise_text(value).casefold() if isinstance(value, str) else value)
        return tuple(out)

    def _check_natural_key(self):
        if not self.NATURAL_KEY or not self.unit_id:
            return
        q = Q()
        for name in self.NATURAL_KEY:
            value = getattr(self, name + "_id") if name == "unit" else getattr(self, name)
            if isinstance(value, str):
                q &= Q(**{f"{name}__iexact": normalise_text(value)})
            else:
                q &= Q(**{f"{name}_id" if name == "unit" else name: value})
        others = type(self).objects.filter(q)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(_("Đã có bản ghi trùng trong sổ (%(key)s) tại đơn vị này.")
                                  % {"key": ", ".join(str(self._meta.get_field(n).verbose_name)
                                                      for n in self.NATURAL_KEY)})

    @staticmethod
    def _check_order(errors: dict, start_field: str, start, end_field: str, end, message):
        if start and end and end < start:
            errors.setdefault(end_field, []).append(message)


class FundingSource(models.TextChoices):
    """Where the money comes from (``support.providers`` groups them by ``SUPPORT_SOURCE`` option)."""

    CENTRAL = "nstw", _("Ngân sách trung ương")
    PROVINCE = "ns_tinh", _("Ngân sách tỉnh")
    DISTRICT = "ns_huyen", _("Ngân sách huyện, thành phố")
    COMMUNE = "ns_xa", _("Ngân sách xã")
    COMBINED = "long_ghep", _("Lồng ghép các chương trình")
    CREDIT = "tin_dung", _("Vốn vay tín dụng")
    PEOPLE = "xa_hoi_hoa", _("Tổ chức, cá nhân hỗ trợ (xã hội hóa)")
    OTHER = "khac", _("Nguồn khác ngoài ngân sách")
    UNKNOWN = "chua_ro", _("Chưa rõ nguồn")


class CoverageQuerySet(models.QuerySet):
    def of(self, registers) -> CoverageQuerySet:
        return self.filter(register__in=[str(r) for r in registers])

    def in_force(self, register: str, period: Period) -> CoverageQuerySet:
        """Declarations of ``register`` in force for the whole period."""
        return self.filter(register=register).filter(Q(since__isnull=True) | Q(since__lte=period.start)).filter(
            Q(until__isnull=True) | Q(until__gte=period.end))


class Coverage(models.Model):
    """"From ``since`` (empty: always) until ``until`` (empty: still), every record of
    ``register`` for ``unit``'s territory is kept here"."""

    register = models.CharField(_("loại hồ sơ"), max_length=16, choices=register_choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("quản lý đầy đủ từ ngày"), null=True, blank=True)
    until = models.DateField(_("đến ngày"), null=True, blank=True,
                             help_text=_("Để trống nếu hồ sơ vẫn được cập nhật đầy đủ. Sau ngày này, số báo cáo "
                                         "được dùng lại (ví dụ: sổ chỉ được kê khai đủ đến thời điểm một văn bản)."))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa bàn quản lý hồ sơ trên hệ thống")
        verbose_name_plural = _("địa bàn quản lý hồ sơ trên hệ thống")
        ordering = ["register", "unit__code", "since"]
        constraints = [
            models.UniqueConstraint(fields=["register", "unit", "since"], name="coverage_unique"),
            models.UniqueConstraint(fields=["register", "unit"], condition=Q(since__isnull=True),
                                    name="coverage_unique_always"),
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(since__isnull=True)
                                   | Q(until__gte=models.F("since")), name="coverage_ordered"),
        ]

    def __str__(self) -> str:
        text = f"{self.get_register_display()} — {self.unit.name}"
        return f"{text} từ {self.since:%d/%m/%Y}" if self.since else text

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("Ngày cuối (%(until)s) trước ngày bắt đầu (%(since)s).") % {
                "until": f"{self.until:%d/%m/%Y}", "since": f"{self.since:%d/%m/%Y}"}})


class CoverageOf(models.Manager.from_queryset(CoverageQuerySet)):
    """The manager of a proxy of ``Coverage`` limited to some registers (``registers()`` gives their codes)."""

    def __init__(self, registers):
        super().__init__()
        self.registers = registers

    def get_queryset(self):
        return super().get_queryset().of(self.registers())
