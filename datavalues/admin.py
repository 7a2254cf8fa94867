from django.contrib import admin

from .admin_base import FigureAdmin
from .models import DataValue
from .writing import do_set_values


@admin.register(DataValue)
class DataValueAdmin(FigureAdmin):
    list_display = ["indicator", "option", "unit", "period", "value", "updated_at", "updated_by"]
    list_filter = ["indicator__group", "period__period_type", "period__year"]

    def write(self, request, obj, changes):
        do_set_values(changes, user=request.user, channel=self.channel, reason="Sửa trên trang quản trị")
