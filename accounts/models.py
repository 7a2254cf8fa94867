"""Roles scoped to the administrative hierarchy.

A user has one role and is assigned one or more units; the scope is the subtree
below each assigned unit, in both structures, following the 2025 reform (see
``accounts.scope``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune", _("Cán bộ cấp xã")
    DISTRICT_OFFICER = "district", _("Cán bộ cấp huyện/thành phố")
    PROVINCE_OFFICER = "province", _("Cán bộ cấp tỉnh")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")
    ADMIN = "admin", _("Quản trị hệ thống")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.LEADER)
    units = models.ManyToManyField("units.Unit", verbose_name=_("đơn vị phụ trách"), blank=True, related_name="+")
    position = models.CharField(_("chức vụ"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"
