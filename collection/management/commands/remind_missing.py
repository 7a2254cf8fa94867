import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...completeness import MISSING, PENDING, completeness, latest_overdue_period, upcoming_periods
from ...models import ReportForm
from ._common import get_form, get_period, get_unit


class Command(BaseCommand):
    help = ("Danh sách đơn vị chưa nộp báo cáo khi đã quá hạn (kỳ vừa hết hạn gần nhất của mỗi biểu), "
            "và các báo cáo sắp đến hạn. Chạy hằng ngày bằng cron; không cần máy chủ hàng đợi.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày xét, YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--form", help="Chỉ xét biểu này.")
        parser.add_argument("--period", help="Xét kỳ này thay cho kỳ vừa hết hạn.")
        parser.add_argument("--unit", help="Chỉ xét trong địa bàn này.")
        parser.add_argument("--days-ahead", type=int, default=3,
                            help="Nhắc cả báo cáo đến hạn trong số ngày tới (mặc định 3; 0 để tắt).")

    def handle(self, *args, date=None, form=None, period=None, unit=None, days_ahead=3, **options):
        if days_ahead < 0:
            raise CommandError(f"--days-ahead {days_ahead} không hợp lệ: số ngày phải từ 0 trở lên.")
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"Ngày '{date}' không hợp lệ; dùng dạng YYYY-MM-DD.") from e
        forms = [get_form(form)] if form else list(ReportForm.objects.filter(is_active=True).select_related(
            "root_unit"))
        within = get_unit(unit) if unit else None
        total_missing = 0
        for f in forms:
            if period:
                periods = [get_period(period)]
                if periods[0].period_type != f.period_type:
                    continue
            else:
                overdue = latest_overdue_period(f, day)
                periods = [overdue] if overdue else []
            for p in periods:
                c = completeness(f, p, within, today=day)
                missing = [r for r in c.overall.rows if r.state == MISSING]
                pending = [r for r in c.overall.rows if r.state == PENDING]
                total_missing += len(missing)
                state = "quá hạn" if c.deadline_passed else "còn hạn"
                self.stdout.write(f"{f.code} · {p.name} · hạn {c.deadline:%d/%m/%Y} ({state}): "
                                  f"{c.overall.sentence}")
                for r in missing + pending:
                    self.stdout.write(f"  - {r.unit.name} ({r.unit.code}): {r.label}")
            if days_ahead > 0 and not period:
                for p in upcoming_periods(f, day, days_ahead):
                    c = completeness(f, p, within, today=day)
                    pending = [r for r in c.overall.rows if not r.done]
                    if pending:
                        self.stdout.write(f"{f.code} · {p.name} · sắp đến hạn {c.deadline:%d/%m/%Y}: "
                                          f"{len(pending)}/{c.overall.total} {f.level_noun()} chưa nộp")
        self.stdout.write(f"Tổng cộng {total_missing} báo cáo quá hạn chưa nộp.")
