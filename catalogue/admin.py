"""Admin pages of the catalogue: publishing a product, its photos and batches (writes go
through ``catalogue.actions``, audited).  Province officers with the admin flag manage the
entries of the products of their territory (``accounts.admin_access``), as they certify them."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.admin_access import ProvinceManagedAdmin, ProvinceManagedInline
from accounts.scope import readable_units
from audit.models import Channel
from registries.models import Certification, OcopProduct, PlantingCode

from . import actions
from .models import Batch, ProductPhoto, PublicProduct


class ScopedByProduct(ProvinceManagedAdmin):
    """Rows scoped by the unit of the registry product they belong to (``product_path``)."""

    unit_field = None
    product_path = "product"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._officer(request):
            qs = qs.filter(**{f"{self.product_path}__unit__in": readable_units(request.user)})
        return qs

    def in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self._officer(request):
            units = readable_units(request.user)
            if db_field.related_model is OcopProduct:
                kwargs["queryset"] = OcopProduct.objects.filter(unit__in=units)
            elif db_field.related_model is PlantingCode:
                kwargs["queryset"] = PlantingCode.objects.filter(unit__in=units)
            elif db_field.related_model is PublicProduct:
                kwargs["queryset"] = PublicProduct.objects.filter(product__unit__in=units)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self._officer(request) and db_field.related_model is Certification:
            kwargs["queryset"] = Certification.objects.filter(unit__in=readable_units(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BatchInline(ProvinceManagedInline, admin.TabularInline):
    model = Batch
    extra = 0
    fields = ("lot_code", "produced_on", "packed_on", "best_before", "quantity", "measure", "published")


@admin.register(PublicProduct)
class PublicProductAdmin(ScopedByProduct):
    list_display = ("product", "public_id", "published", "gtin")
    list_filter = ("published",)
    search_fields = ("product__name", "product__owner_name", "public_id", "gtin")
    raw_id_fields = ("place_unit",)
    filter_horizontal = ("certifications",)
    readonly_fields = ("public_id",)
    inlines = [BatchInline]

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "certifications"}
        actions.do_save_entry(obj, data, user=request.user, channel=Channel.ADMIN)

    def save_related(self, request, form, formsets, change):
        actions.do_save_entry(form.instance, {}, certifications=list(form.cleaned_data.get("certifications", [])),
                              user=request.user, channel=Channel.ADMIN)
        for formset in formsets:
            # What the admin's change message reads from a saved formset.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for batch_form in formset.forms:
                if not batch_form.has_changed() or batch_form in formset.deleted_forms:
                    continue
                data = {k: v for k, v in batch_form.cleaned_data.items() if k in BatchInline.fields}
                batch = batch_form.instance
                is_new = batch.pk is None
                batch.entry = form.instance
                actions.do_save_batch(batch, data, user=request.user, channel=Channel.ADMIN)
                if is_new:
                    formset.new_objects.append(batch)
                else:
                    formset.changed_objects.append((batch, batch_form.changed_data))
            for batch_form in formset.deleted_forms:
                if batch_form.instance.pk:
                    actions.do_delete_batch(batch_form.instance, user=request.user, channel=Channel.ADMIN)
                    formset.deleted_objects.append(batch_form.instance)


class PhotoForm(forms.ModelForm):
    upload = forms.FileField(label="Tệp ảnh (JPEG, PNG, tối đa 2 MB)")

    class Meta:
        model = ProductPhoto
        fields = ("entry", "caption", "position")

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > actions.MAX_PHOTO_BYTES:
            raise ValidationError("Ảnh lớn hơn 2 MB; hãy thu nhỏ ảnh rồi tải lên lại.")
        content = upload.read()
        actions.read_photo(content)
        self.cleaned_data["content"] = content
        return upload


@admin.register(ProductPhoto)
class ProductPhotoAdmin(ScopedByProduct):
    form = PhotoForm
    product_path = "entry__product"
    list_display = ("__str__", "entry", "content_type", "width", "height")

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        d = form.cleaned_data
        saved = actions.do_add_photo(d["entry"], d["content"], caption=d.get("caption", ""),
                                     position=d.get("position") or 0, user=request.user, channel=Channel.ADMIN)
        obj.pk = saved.pk
