import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from maps.loading import DEFAULT_TOLERANCE, BoundaryError, load_boundaries


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as e:
        raise CommandError(f"Ngày '{value}' không hợp lệ; dùng YYYY-MM-DD.") from e


class Command(BaseCommand):
    help = ("Nạp ranh giới đơn vị hành chính từ tệp GeoJSON (kinh độ/vĩ độ WGS 84), đơn giản hóa hình học; "
            "mỗi đối tượng ghi mã đơn vị Bậc Thang trong một thuộc tính.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code-property", default="code", help="Thuộc tính chứa mã đơn vị (mặc định: code).")
        parser.add_argument("--valid-from", help="Hiệu lực từ ngày (YYYY-MM-DD).")
        parser.add_argument("--valid-to", help="Hiệu lực đến ngày (YYYY-MM-DD).")
        parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                            help="Độ đơn giản hóa, tính bằng độ (mặc định 0,0005 ≈ 50 m).")
        parser.add_argument("--source", default="", help="Nguồn dữ liệu (ví dụ: Sở Tài nguyên và Môi trường, 2025).")

    def handle(self, *args, **o):
        try:
            s = load_boundaries(o["file"], code_property=o["code_property"], valid_from=_date(o["valid_from"]),
                                valid_to=_date(o["valid_to"]), tolerance=o["tolerance"], source=o["source"])
        except BoundaryError as e:
            raise CommandError("Tệp bị từ chối, không nạp ranh giới nào:\n" + "\n".join(e.problems)) from e
        except OSError as e:
            raise CommandError(f"Không đọc được tệp: {e}") from e
        self.stdout.write(f"Đã nạp ranh giới của {s.loaded} đơn vị ({s.points_before} điểm, sau khi đơn giản hóa "
                          f"{s.points_after} điểm).")
