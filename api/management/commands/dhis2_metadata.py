import json

from django.core.management.base import BaseCommand, CommandError

from api import dhis2_metadata
from api.dhis2_metadata import MetadataError, metadata_document
from indicators.models import Indicator
from units.models import Unit

from .dhis2_export import instance_named
from .dhis2_import import write_text


class Command(BaseCommand):
    help = ("Xuất siêu dữ liệu DHIS2 (dataElements, categoryCombos, categories, categoryOptions, "
            "categoryOptionCombos, organisationUnits) của những gì trao đổi với một máy chủ DHIS2, dạng JSON nhập "
            "được bằng POST /api/metadata của DHIS2. Mã (code) là mã trong tệp ánh xạ; id là UID đã ánh xạ hoặc UID "
            "gợi ý (--assign-uids lưu các UID gợi ý vào bảng ánh xạ).")

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2 đã khai báo.")
        parser.add_argument("--out", required=True, help="Tệp JSON ghi ra ('-' để in ra màn hình).")
        parser.add_argument("--indicator", action="append", default=[],
                            help="Mã chỉ tiêu (lặp lại được; mặc định: các chỉ tiêu đã ánh xạ, chưa có thì mọi chỉ "
                                 "tiêu đang dùng).")
        parser.add_argument("--unit", action="append", default=[],
                            help="Mã đơn vị: đơn vị và mọi đơn vị bên dưới (lặp lại được; mặc định: đã ánh xạ).")
        parser.add_argument("--assign-uids", action="store_true",
                            help="Lưu UID gợi ý của các đối tượng chưa ánh xạ vào bảng ánh xạ của máy chủ.")

    def handle(self, *args, instance, out, indicator, unit, assign_uids=False, **options):
        inst = instance_named(instance)
        indicators = None
        if indicator:
            found = {i.code: i for i in Indicator.objects.filter(code__in=indicator)}
            missing = [c for c in indicator if c not in found]
            if missing:
                raise CommandError(f"Chỉ tiêu không có trong danh mục: {', '.join(missing)}.")
            indicators = list(found.values())
        units = []
        for code in unit:
            u = Unit.objects.filter(code=code).first()
            if u is None:
                raise CommandError(f"Đơn vị '{code}' không tồn tại.")
            units.append(u)
        try:
            meta = metadata_document(inst, indicators=indicators, units=units or None)
        except MetadataError as e:
            raise CommandError(str(e)) from None
        saved = dhis2_metadata.assign_uids(inst, meta.suggestions) if assign_uids and meta.suggestions else 0
        text = json.dumps(meta.document, ensure_ascii=False, indent=1) + "\n"
        if out == "-":
            self.stdout.write(text, ending="")
        else:
            write_text(out, text)
        doc = meta.document
        message = (f"Siêu dữ liệu cho máy chủ DHIS2 '{inst.name}': {len(doc['dataElements'])} phần tử dữ liệu, "
                   f"{len(doc['categoryCombos'])} bộ phân tổ, {len(doc['categories'])} phân tổ, "
                   f"{len(doc['categoryOptions'])} nhóm phân tổ, {len(doc['categoryOptionCombos'])} tổ hợp phân tổ, "
                   f"{len(doc['organisationUnits'])} đơn vị tổ chức.")
        if saved:
            message += f" Đã lưu {saved} UID mới vào bảng ánh xạ."
        elif meta.suggestions:
            message += (f" {len(meta.suggestions)} đối tượng chưa ánh xạ mang UID gợi ý; thêm --assign-uids để lưu "
                        "chúng vào bảng ánh xạ.")
        self.stderr.write(self.style.SUCCESS(message))
