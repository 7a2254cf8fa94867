import gzip
import io
import json
import zipfile
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.dhis2 import ExportRequest, Mapping, PeriodNotExchanged, describe_skipped, export_data_value_set, export_period
from api.dhis2_formats import FORMAT_NAMES, FORMATS, format_of_name, write_adx, write_csv
from api.models import Dhis2Instance
from units.models import Unit


def instance_named(name: str) -> Dhis2Instance:
    inst = Dhis2Instance.objects.filter(name=name).first()
    if inst is None:
        raise CommandError(f"Chưa khai báo máy chủ DHIS2 '{name}' (trang quản trị → Máy chủ DHIS2).")
    return inst


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise CommandError(f"Ngày '{text}' phải viết dạng YYYY-MM-DD.") from e


class Command(BaseCommand):
    help = ("Xuất số liệu đã lưu thành tệp dataValueSets của DHIS2 (JSON, CSV hoặc ADX), qua bảng ánh xạ của một "
            "máy chủ. Không lọc gì: mọi số liệu có chỉ tiêu đã ánh xạ. Vụ và giai đoạn không có trong DHIS2 nên bị "
            "bỏ qua. Tệp ra đuôi .gz hoặc .zip được nén.")

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="Tên máy chủ DHIS2 đã khai báo.")
        parser.add_argument("--out", required=True,
                            help="Tệp ghi ra ('-' để in ra màn hình); đuôi .gz hoặc .zip: nén.")
        parser.add_argument("--format", choices=FORMATS,
                            help="json, csv hoặc adx (mặc định: theo đuôi tệp --out, không có thì json).")
        parser.add_argument("--org-unit", action="append", default=[], help="UID orgUnit (lặp lại được).")
        parser.add_argument("--unit", action="append", default=[], help="Mã đơn vị Bậc Thang (lặp lại được).")
        parser.add_argument("--children", action="store_true", help="Gồm mọi đơn vị bên dưới.")
        parser.add_argument("--period", action="append", default=[], help="Kỳ DHIS2: 2023, 2023S2, 2023Q4, 202312.")
        parser.add_argument("--start-date", help="Các kỳ bắt đầu từ ngày này (YYYY-MM-DD).")
        parser.add_argument("--end-date", help="Các kỳ kết thúc trước ngày này (YYYY-MM-DD).")
        parser.add_argument("--data-set", help="UID bộ dữ liệu.")
        parser.add_argument("--data-element", action="append", default=[], help="UID phần tử dữ liệu.")

    def handle(self, *args, instance, out, org_unit, unit, children, period, start_date, end_date, data_set,
               data_element, format=None, **options):
        inst = instance_named(instance)
        named = format_of_name(out)
        if format and named and format != named:
            raise CommandError(f"--format {format} nhưng tệp '{out}' có đuôi của {FORMAT_NAMES[named]}.")
        fmt = format or named or "json"
        mapping = Mapping(inst)
        req = ExportRequest(children=children, format=fmt)
        for uid in org_unit:
            if uid not in mapping.unit_by_uid:
                raise CommandError(f"orgUnit '{uid}' chưa được ánh xạ cho máy chủ '{inst.name}'.")
            req.units.append(mapping.unit_by_uid[uid])
        for code in unit:
            u = Unit.objects.filter(code=code).first()
            if u is None:
                raise CommandError(f"Đơn vị '{code}' không tồn tại.")
            req.units.append(u)
        try:
            req.periods = [export_period(p) for p in period]
        except PeriodNotExchanged as e:
            raise CommandError(str(e)) from e
        req.start = iso_date(start_date) if start_date else None
        req.end = iso_date(end_date) if end_date else None
        indicators = []
        if data_set:
            ds = inst.data_sets.filter(uid=data_set).first()
            if ds is None:
                raise CommandError(f"Bộ dữ liệu '{data_set}' chưa được khai báo cho máy chủ '{inst.name}'.")
            indicators.extend(ds.indicators.all())
            req.data_set = data_set
        for uid in data_element:
            if uid not in mapping.indicator_by_uid:
                raise CommandError(f"dataElement '{uid}' chưa được ánh xạ cho máy chủ '{inst.name}'.")
            indicators.append(mapping.indicator_by_uid[uid])
        if data_set or data_element:
            req.indicators = indicators
        result = export_data_value_set(mapping, req)
        if fmt == "csv":
            text = write_csv(result.values)
        elif fmt == "adx":
            text = write_adx(result.values, timezone.now())
        else:
            text = json.dumps(result.document, ensure_ascii=False, indent=1) + "\n"
        if out == "-":
            self.stdout.write(text, ending="")
        else:
            write_file(out, text, fmt)
        message = (f"Đã xuất {result.exported} giá trị ({FORMAT_NAMES[fmt]}) cho máy chủ DHIS2 '{inst.name}'.")
        if result.skipped:
            message += " " + describe_skipped(result.skipped) + "."
        self.stderr.write(self.style.SUCCESS(message))


def write_file(path: str, text: str, fmt: str) -> None:
    """``text`` into ``path``: gzip for .gz, a one-file archive for .zip, plain otherwise."""
    data = text.encode("utf-8")
    low = path.lower()
    if low.endswith(".gz"):
        data = gzip.compress(data)
    elif low.endswith(".zip"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"dataValueSets.{'xml' if fmt == 'adx' else fmt}", data)
        data = buf.getvalue()
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError:
        raise CommandError(f"Không ghi được tệp '{path}' (thư mục không tồn tại hoặc không có quyền ghi).") from None
