import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from tasks.models import Recurrence, Status, Task
from units.models import Unit


def next_due(task: Task, day: dt.date) -> dt.date | None:
    """When the task is next due on ``day``: its deadline, or the end of the current year / quarter
    for a yearly / quarterly task; none for a "thường xuyên" task."""
    if task.deadline:
        return task.deadline
    if task.recurrence == Recurrence.YEARLY:
        return dt.date(day.year, 12, 31)
    if task.recurrence == Recurrence.QUARTERLY:
        q_end_month = ((day.month - 1) // 3 + 1) * 3
        first_next = dt.date(day.year + (q_end_month == 12), q_end_month % 12 + 1, 1)
        return first_next - dt.timedelta(days=1)
    return None


class Command(BaseCommand):
    help = ("Nhắc các nhiệm vụ đến hạn trong N ngày tới và các nhiệm vụ quá hạn chưa hoàn thành, theo cơ quan "
            "chủ trì (đặt cạnh remind_missing; chạy hằng ngày bằng cron).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Số ngày tới (mặc định 7).")
        parser.add_argument("--date", help="Ngày xét, YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--unit", help="Chỉ xét cơ quan trong địa bàn này (mã đơn vị).")

    def handle(self, *args, days=7, date=None, unit=None, **options):
        if days < 0:
            raise CommandError(f"--days {days} không hợp lệ: số ngày phải từ 0 trở lên.")
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"Ngày '{date}' không hợp lệ; dùng dạng YYYY-MM-DD.") from e
        qs = Task.objects.exclude(status=Status.DONE).select_related("lead", "lead__unit")
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"Không có đơn vị mã '{unit}'.")
            qs = qs.filter(Q(lead__unit__code=root.code) | Q(lead__unit__code__startswith=root.code + "."))
        horizon = day + dt.timedelta(days=days)
        due, late = [], []
        for t in qs.order_by("lead__unit__code", "lead__name", "sort_order", "reference"):
            when = next_due(t, day)
            if when is None:
                continue
            if t.deadline and when < day:
                late.append((t, when))
            elif day <= when <= horizon and not (t.recurrence and self._reported(t, day)):
                due.append((t, when))
        for title, rows in (("Quá hạn, chưa hoàn thành", late), (f"Đến hạn trong {days} ngày tới", due)):
            self.stdout.write(f"{title}: {len(rows)} nhiệm vụ")
            for t, when in rows:
                self.stdout.write(f"  - {t.lead.name} ({t.lead.unit.name}) · hạn {when:%d/%m/%Y} · {t.reference}: "
                                  f"{' '.join(t.text.split()[:16])} …")
        self.stdout.write(f"Tổng cộng {len(late)} nhiệm vụ quá hạn, {len(due)} nhiệm vụ sắp đến hạn.")

    @staticmethod
    def _reported(task: Task, day: dt.date) -> bool:
        """A yearly / quarterly task already updated in the current cycle needs no reminder."""
        start = dt.date(day.year, 1, 1) if task.recurrence == Recurrence.YEARLY else \
            dt.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
        return task.updates.filter(on__gte=start).exists()
