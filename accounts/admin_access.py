"""Admin pages a province officer uses to manage the province's report forms,
validation rules, programmes and targets (issue: roles scoped to the hierarchy).

A province officer signs in to the admin (their account has "is_staff") and sees only
the models whose admin uses ``ProvinceManagedAdmin``, and of those only the rows whose
unit lies in their territory (``accounts.scope.readable_units``); the unit choices of
the forms are limited the same way, and a row outside the territory answers 404 as
elsewhere.  Rows without a unit (a form for the whole country) are the admin's.

Validation rules have no unit: they state arithmetic that holds everywhere (a total
is the sum of its parts), so a province officer manages them for the whole system.
Everything else in the admin stays with the admin role.
"""

from __future__ import annotations

from django.contrib import admin

from units.models import Unit

from .models import Role
from .scope import readable_units, role_of


def is_province_officer(request) -> bool:
    return role_of(request.user) == Role.PROVINCE_OFFICER and request.user.is_staff


class _OfficerPermissions:
    """Grants a province officer the admin permissions the model's admin would ask for."""

    def _officer(self, request) -> bool:
        return not request.user.is_superuser and is_province_officer(request)

    def has_module_permission(self, request):
        return self._officer(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (self._officer(request) and self.in_scope(request, obj)) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._officer(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return (self._officer(request) and self.in_scope(request, obj)) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (self._officer(request) and self.in_scope(request, obj)) or super().has_delete_permission(request, obj)

    def in_scope(self, request, obj) -> bool:
        return True


class ProvinceManagedAdmin(_OfficerPermissions, admin.ModelAdmin):
    """``unit_field``: the foreign key to the unit that scopes a row (None: system-wide rows)."""

    unit_field: str | None = "unit"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._officer(request) and self.unit_field:
            qs = qs.filter(**{f"{self.unit_field}__in": readable_units(request.user)})
        return qs

    def in_scope(self, request, obj) -> bool:
        if obj is None or not self.unit_field:
            return True
        unit_id = getattr(obj, f"{self.unit_field}_id")
        return unit_id is not None and readable_units(request.user).filter(pk=unit_id).exists()

    def get_autocomplete_fields(self, request):
        # The autocomplete views check the related models' own admin permissions, which a
        # province officer does not have: plain lists (limited below) instead.
        return [] if self._officer(request) else super().get_autocomplete_fields(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._officer(request):
            related = self.admin_site._registry.get(db_field.related_model)
            if db_field.related_model is Unit:
                kwargs["queryset"] = readable_units(request.user).order_by("code")
                if db_field.name == self.unit_field:
                    kwargs["required"] = True  # a row without a unit would be the whole country's
            elif isinstance(related, ProvinceManagedAdmin) and related.unit_field:
                kwargs["queryset"] = related.get_queryset(request)  # a target's programme
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProvinceManagedInline(_OfficerPermissions):
    """Mixin for the inlines of a ``ProvinceManagedAdmin`` (scoped through their parent)."""

