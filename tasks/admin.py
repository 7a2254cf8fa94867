"""Admin pages of offices (a province officer manages the offices of their territory and who
belongs to them, ``accounts.admin_access``); every change is audited.  Tasks change through the
task pages and the import (``tasks.actions``); their admin is read-mostly."""

from django.contrib import admin

from accounts.admin_access import ProvinceManagedAdmin
from audit.models import Action, Channel
from audit.recording import log_change, snapshot

from .models import Office, OfficeMember, OfficeSuccession, Task, TaskUpdate


class MemberInline(admin.TabularInline):
    model = OfficeMember
    extra = 0
    raw_id_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True

    def has_view_permission(self, request, obj=None):
        return True


def _state(office: Office) -> dict:
    data = snapshot(office)
    data["members"] = sorted(office.officemember_set.values_list("user_id", flat=True))
    return data


@admin.register(Office)
class OfficeAdmin(ProvinceManagedAdmin):
    list_display = ["name", "unit", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "unit__code", "unit__name"]
    inlines = [MemberInline]

    def save_model(self, request, obj, form, change):
        request._office_old = _state(Office.objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        office = form.instance
        old = getattr(request, "_office_old", None)
        log_change(user=request.user, channel=Channel.ADMIN, action=Action.UPDATE if old else Action.CREATE,
                   obj=office, old=old, new=_state(office), unit_code=office.unit.code)

    def delete_model(self, request, obj):
        old, code = _state(obj), obj.unit.code
        log_change(user=request.user, channel=Channel.ADMIN, action=Action.DELETE, obj=obj, old=old, new=None,
                   unit_code=code)
        super().delete_model(request, obj)


@admin.register(OfficeSuccession)
class OfficeSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["reference", "programme", "lead", "deadline", "recurrence", "status"]
    list_filter = ["status", "recurrence"]
    search_fields = ["reference", "text"]

    def has_add_permission(self, request):  # tasks come from the import and change on the task pages
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "on", "status", "user"]
    exclude = ["evidence"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
