from django.contrib import admin

from .models import Office, OfficeMember, OfficeSuccession, Task, TaskUpdate


class MemberInline(admin.TabularInline):
    model = OfficeMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    inlines = [MemberInline]


@admin.register(OfficeSuccession)
class OfficeSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["reference", "programme", "lead", "deadline", "recurrence", "status"]
    list_filter = ["status", "recurrence"]
    search_fields = ["reference", "text"]
    raw_id_fields = ["programme", "lead"]
    filter_horizontal = ["supporting"]
    readonly_fields = ["status"]
    exclude = ["units", "indicators", "targets"]

    def has_change_permission(self, request, obj=None):  # status changes go through the update page
        return request.user.is_superuser


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "on", "status", "user"]
    exclude = ["evidence"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
