"""Demo evaluations from the seeds (registered with ``demo.hooks``): seed 000 states
"xã San Thàng hoàn thành 10/19 tiêu chí nông thôn mới nâng cao" and "xã Sùng Phài hoàn
thành 11/19 tiêu chí xây dựng NTM" for 2023.  The seed gives the counts, not which
criteria: the criteria marked đạt here are chosen for illustration, and each evaluation
says so in its note.  Both are submitted and approved (so the review report reads them
through the engine); loading again changes nothing."""

from __future__ import annotations

from .actions import do_approve, do_save_results, do_start_evaluation, do_submit
from .loading import load_shipped_sets
from .models import CriteriaSet, CriterionIndicator, Evaluation, Status, Workflow

NOTE = ("Dữ liệu mẫu. Văn bản nguồn (seed 000, báo cáo sơ kết Nghị quyết 05-NQ/TU của Thành phố Lai Châu) chỉ "
        "nêu “{quote}”, không nêu tiêu chí nào đạt: các tiêu chí đạt dưới đây được chọn để minh họa.")

DEMO = [
    # (commune, set code, year, criteria đạt, quote)
    ("12.105.03409", "318-2022-XA-NC", 2023, {1, 2, 3, 4, 6, 7, 8, 14, 18, 19},
     "xã San Thàng hoàn thành 10/19 tiêu chí nông thôn mới nâng cao"),
    ("12.105.03403", "318-2022-XA", 2023, {1, 3, 4, 6, 7, 8, 12, 14, 16, 18, 19},
     "xã Sùng Phài hoàn thành 11/19 tiêu chí xây dựng NTM"),
]


def load_demo_ruraldev(progress=lambda m: None) -> None:
    from units.models import Unit

    load_shipped_sets(progress=lambda m: progress("  " + m))
    for code, set_code, year, met, quote in DEMO:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        criteria_set = CriteriaSet.objects.filter(code=set_code).order_by("version").first()
        existing = Evaluation.objects.filter(unit=unit, year=year, criteria_set=criteria_set).first()
        if existing is not None and existing.status == Workflow.APPROVED:
            continue
        ev = existing or do_start_evaluation(unit, year, criteria_set, note=NOTE.format(quote=quote),
                                             channel="demo")
        changes = {}
        for ind in CriterionIndicator.objects.filter(criterion__criteria_set=criteria_set).select_related("criterion"):
            ok = ind.criterion.number in met
            fields = {"status": Status.MET if ok else Status.NOT_MET}
            if ind.kind == "yes_no" and not ind.computed:
                fields["yes"] = ok
            changes[ind.pk] = fields
        do_save_results(ev, changes, channel="demo")
        do_submit(ev, channel="demo")
        do_approve(ev, channel="demo")
        progress(f"  Đánh giá tiêu chí nông thôn mới năm {year} của {unit.name} (dữ liệu mẫu).")
