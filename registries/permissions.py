"""Who may do what with registry records (on top of ``accounts.scope``).

* Reading: every signed-in user, records of the units they read; others are 404.
* Creating, editing, importing, revoking: ``can_manage`` (district and province
  officers within their subtree, admins).
* OCOP follows its workflow: a commune officer may also create a product of its
  commune and propose it (the commune proposes since 06/07/2025); only province
  officers and admins record the evaluation (the province evaluates).
"""

from __future__ import annotations

from accounts.models import Role
from accounts.scope import MANAGE_ROLES, can_manage, can_read, can_write, role_of
from units.models import Unit

from .models import OcopProduct, RegistryKind


def may_create(user, registry: str, unit: Unit) -> bool:
    if can_manage(user, unit):
        return True
    return registry == RegistryKind.OCOP and role_of(user) == Role.COMMUNE_OFFICER and can_write(user, unit)


def may_create_any(user, registry: str) -> bool:
    role = role_of(user)
    return role in MANAGE_ROLES or (registry == RegistryKind.OCOP and role == Role.COMMUNE_OFFICER)


def may_edit(user, obj) -> bool:
    return can_manage(user, obj.unit)


def may_propose_ocop(user, product: OcopProduct) -> bool:
    return may_create(user, RegistryKind.OCOP, product.unit)


def may_evaluate_ocop(user, product: OcopProduct) -> bool:
    return role_of(user) in (Role.PROVINCE_OFFICER, Role.ADMIN) and can_read(user, product.unit)
