"""Forms of the capital pages; rules live in ``capital.actions``."""

from __future__ import annotations

from django import forms

from records.forms import ScopedForm, UnitCodeField, VnDecimalField, date_field
from records.models import FundingSource

from .models import Project
from .scope import shown_project_ids


class ProjectChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "— Chọn —")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Project) -> str:
        depth, p, seen = 0, obj, set()
        while p.parent_id and p.pk not in seen:
            seen.add(p.pk)
            depth += 1
            p = p.parent
        return "— " * depth + obj.name


def _projects():
    return Project.objects.select_related("parent__parent__parent").order_by("sort_order", "code")


class _ProjectsInScope:
    """The project field offers only projects of programmes shown to the user (``capital.scope``)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        ids = shown_project_ids(user) if user is not None else None
        if ids is not None:
            self.fields["project"].queryset = _projects().filter(pk__in=ids)


class PlanLineForm(_ProjectsInScope, ScopedForm):
    project = ProjectChoiceField(label="Chương trình, dự án", queryset=_projects())
    unit = UnitCodeField(label="Đơn vị được giao vốn")
    year = forms.IntegerField(label="Năm kế hoạch", min_value=1990, max_value=2100)
    funding_source = forms.ChoiceField(label="Nguồn vốn", choices=FundingSource.choices,
                                       initial=FundingSource.UNKNOWN)
    amount = VnDecimalField(label="Vốn được phân bổ (triệu đồng)")
    decision_number = forms.CharField(label="Số quyết định giao vốn", max_length=64, required=False)
    decided_on = date_field("Ngày quyết định", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class DisbursementForm(_ProjectsInScope, ScopedForm):
    project = ProjectChoiceField(label="Chương trình, dự án", queryset=_projects())
    unit = UnitCodeField(label="Đơn vị")
    funding_source = forms.ChoiceField(label="Nguồn vốn", choices=FundingSource.choices,
                                       initial=FundingSource.UNKNOWN)
    disbursed_on = date_field("Ngày giải ngân (hoặc ngày số liệu lũy kế)")
    disbursed_from = date_field("Lũy kế từ ngày", required=False,
                                help_text="Chỉ điền khi ghi số lũy kế của một khoảng thời gian; để trống khi là một "
                                          "lần giải ngân.")
    amount = VnDecimalField(label="Số tiền giải ngân (triệu đồng)")
    plan_year = forms.IntegerField(label="Thuộc kế hoạch vốn năm", min_value=1990, max_value=2100, required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)
