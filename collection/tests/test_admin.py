import pytest
from django.urls import reverse

from indicators.models import Indicator

from ..admin import FormRowForm
from ..models import ReportForm

pytestmark = pytest.mark.django_db


def test_an_option_of_another_disaggregation_is_refused_on_a_row(forms):
    commune, _ = forms
    herd, crop = Indicator.objects.get(code="HERD"), Indicator.objects.get(code="CROP_AREA")
    form = FormRowForm(data={"sort_order": 9, "section": "", "indicator": herd.pk, "label": "",
                             "options": [crop.option_for("TEA").pk], "total": "enter"},
                       instance=commune.rows.model(form=commune))
    assert not form.is_valid()
    assert "không thuộc phân tổ của chỉ tiêu HERD: Chè" in str(form.errors)


def test_editing_the_rows_in_the_admin_raises_the_form_version(client, cast, forms):
    commune, _ = forms
    client.force_login(cast["admin"])
    url = reverse("admin:collection_reportform_change", args=[commune.pk])
    page = client.get(url)
    assert page.status_code == 200
    rows = list(commune.rows.order_by("sort_order", "id"))
    data = {f: getattr(commune, f) for f in ("code", "name", "period_type", "level", "deadline_offset_days",
                                             "version", "sort_order")}
    data.update({"root_unit": commune.root_unit_id, "is_active": "on", "description": "",
                 "rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": len(rows), "rows-MIN_NUM_FORMS": 0,
                 "rows-MAX_NUM_FORMS": 1000})
    for i, r in enumerate(rows):
        data.update({f"rows-{i}-id": r.pk, f"rows-{i}-form": commune.pk, f"rows-{i}-sort_order": r.sort_order,
                     f"rows-{i}-section": r.section, f"rows-{i}-indicator": r.indicator_id,
                     f"rows-{i}-label": r.label, f"rows-{i}-options": [o.pk for o in r.options.all()],
                     f"rows-{i}-total": r.total})
    data["rows-1-label"] = "Đàn gia cầm"
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert ReportForm.objects.get(pk=commune.pk).version == 2
