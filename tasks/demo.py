"""Demo offices and tasks: seed 002's section III ("Tổ chức thực hiện"), loaded from the files an
officer could have written (``tasks/data/demo-co-quan.csv``, ``tasks/data/kh-2023-tplc-nhiem-vu.csv``)
through the task importer, then two progress updates.  One task (the steering committee's
working rules, due 30/06/2023) has no completion and is therefore overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from audit.models import Channel

from . import actions
from .importing import import_offices, import_tasks
from .models import Status, Task

DATA = Path(__file__).resolve().parent / "data"
OFFICES_FILE = DATA / "demo-co-quan.csv"
TASKS_FILE = DATA / "kh-2023-tplc-nhiem-vu.csv"

UPDATES = [
    ("KH2023-PKT-2", dt.date(2023, 6, 15), Status.IN_PROGRESS,
     "Đã phối hợp với UBND các xã, phường rà soát hệ thống kênh mương; lập danh mục sửa chữa trình UBND thành phố."),
    ("KH2023-VHTT-1", dt.date(2023, 3, 20), Status.DONE,
     "Đã đăng tải nội dung Kế hoạch trên Cổng thông tin điện tử thành phố và phát trên hệ thống loa truyền thanh."),
]


def load_demo_tasks(progress=lambda m: None) -> None:
    from units.models import Unit

    if not Unit.objects.filter(code="12.105").exists():  # the demo loaded without Lai Châu
        return
    import_offices(OFFICES_FILE, channel=Channel.DEMO)
    result = import_tasks(TASKS_FILE, channel=Channel.DEMO)
    for ref, on, status, note in UPDATES:
        task = Task.objects.filter(reference=ref).first()
        if task is not None and not task.updates.exists():
            actions.do_update_task(task, user=None, channel=Channel.DEMO, on=on, status=status, note=note)
    progress(f"  Nhiệm vụ của Kế hoạch KH-2023-TPLC: {result['tasks']}")
