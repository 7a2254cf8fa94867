import json

from django.core.management.base import BaseCommand, CommandError

from bacthang.lib.numbers import format_quantity
from engine.rollup import Engine
from periods.codes import PeriodCodeError


class Command(BaseCommand):
    help = "Tính một số liệu tổng hợp và giải thích cách tính (nguồn, quy tắc, chênh lệch)."

    def add_arguments(self, parser):
        parser.add_argument("--indicator", required=True)
        parser.add_argument("--option", default=None)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--depth", type=int, default=2, help="Số tầng giải thích (mặc định 2).")

    def handle(self, *args, indicator, option, unit, period, format, depth, **o):
        if not 0 <= depth <= 10:
            raise CommandError(f"--depth {depth} không hợp lệ: số tầng giải thích phải từ 0 đến 10.")
        try:
            result = Engine().value(indicator.upper(), unit, period, option.upper() if option else None)
        except (KeyError, PeriodCodeError) as e:
            raise CommandError(str(e).strip("'\"")) from e
        if format == "json":
            data = result.as_dict(depth)
            data["inputs"] = [{"unit": i.unit, "period": i.period, "option": i.option, "value": float(i.value),
                               "source": i.source} for i in result.stored_inputs()]
            data["all_discrepancies"] = [{"unit": r.unit, "period": r.period, "option": r.option, **d.as_dict()}
                                         for r, d in result.all_discrepancies()]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        value = "chưa có số liệu" if result.value is None else format_quantity(result.value, result.measure)
        option = f" [{result.option}]" if result.option else ""
        self.stdout.write(f"{result.unit_name} · {result.indicator}{option} · {result.period}: {value}")
        self.stdout.write(f"Cách tính: {result.rule_label}")
        self.stdout.write(result.explain(depth=depth))
        found = result.all_discrepancies()
        if found:
            self.stdout.write("Chênh lệch:")
            for r, d in found:
                self.stdout.write(f"  - {r.unit_name} {r.period}: {d.message}")
