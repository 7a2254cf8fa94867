"""Admin pages of the reports app; every save goes through ``reports.actions``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.models import Channel

from .actions import TextRefused, do_delete_report_text, do_reset_template, do_save_template, do_set_report_texts
from .kinds import is_sticky, section_keys
from .models import ReportTemplate, ReportText
from .rendering import TemplateInvalid, validate_template


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["kind", "unit", "period", "section", "text"]

    def clean(self):
        data = super().clean()
        kind, section = data.get("kind"), data.get("section")
        if kind and section and section not in section_keys(kind):
            raise ValidationError({"section": _("Mục không thuộc loại báo cáo này: ") + ", ".join(
                sorted(section_keys(kind)))})
        if kind and section and not (data.get("text") or "").strip() and not is_sticky(kind, section):
            raise ValidationError({"text": _("Nội dung trống: để bỏ nội dung của mục, hãy xóa mục này.")})
        return data


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    form = ReportTextForm
    list_display = ["kind", "unit", "period", "section", "updated_at", "updated_by"]
    list_filter = ["kind", "section"]
    search_fields = ["unit__code", "unit__name", "period__code", "text"]
    raw_id_fields = ["unit", "period"]

    def save_model(self, request, obj, form, change):
        try:
            if change and ({"kind", "unit", "period", "section"} & set(form.changed_data)):
                do_delete_report_text(ReportText.objects.get(pk=obj.pk), user=request.user, channel=Channel.ADMIN)
            do_set_report_texts(obj.kind, obj.unit, obj.period, {obj.section: obj.text}, user=request.user,
                                channel=Channel.ADMIN)
        except TextRefused as e:
            messages.error(request, "; ".join(e.problems))
            return
        saved = ReportText.objects.filter(kind=obj.kind, unit=obj.unit, period=obj.period,
                                          section=obj.section).first()
        if saved is not None:
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        do_delete_report_text(obj, user=request.user, channel=Channel.ADMIN)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReportTemplateForm(forms.ModelForm):
    upload = forms.FileField(label=_("Tệp mẫu Word (.docx)"), required=True)

    class Meta:
        model = ReportTemplate
        fields = ["kind"]

    def clean(self):
        data = super().clean()
        f = data.get("upload")
        kind = data.get("kind") or getattr(self.instance, "kind", None)
        if f is not None and kind:
            content = f.read()
            try:
                if not f.name.lower().endswith(".docx"):
                    raise TemplateInvalid(["Chỉ nhận tệp Word có đuôi .docx."])
                validate_template(kind, content)
            except TemplateInvalid as e:
                raise ValidationError({"upload": e.problems}) from None
            self.upload_content = content
        return data


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    form = ReportTemplateForm
    list_display = ["kind", "filename", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = ["filename", "sha256", "size", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        f = form.cleaned_data["upload"]
        saved = do_save_template(obj.kind, f.name, form.upload_content, user=request.user, channel=Channel.ADMIN)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        do_reset_template(obj.kind, user=request.user, channel=Channel.ADMIN)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
