"""The job kinds.  The first: a large value file (CSV or Excel, long format) imported in the
background through the one importer (``datavalues.importing.import_values``: the write
path, scope checks and audit), all or nothing."""

from __future__ import annotations

import re

from bacthang.lib.importing import ImportFailed

from .runner import JobFailed, Result, kind

WRITING = re.compile(r"Đang ghi (\d+)/(\d+)")


@kind("import_values")
def import_values_job(job, report) -> Result:
    from datavalues.importing import import_values

    def say(message: str) -> None:
        m = WRITING.search(message)
        if m and int(m.group(2)):
            report(20 + 79 * int(m.group(1)) // int(m.group(2)), message)
        elif message.startswith("Đã đọc"):
            report(5, message)
        elif message.startswith("Đã kiểm tra"):
            report(20, message)
        else:
            report(10, message)

    report(1, "Đang đọc tệp …")
    try:
        summary = import_values(job.input_path(), user=job.created_by, filename=job.input_name, progress=say)
    except ImportFailed as e:
        problems = [str(p) for p in e.problems]
        shown = "; ".join(problems[:5]) + (f" … (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else "")
        raise JobFailed(f"Tệp bị từ chối, không ghi số liệu nào ({len(problems)} lỗi): {shown}",
                        "\n".join(problems) + "\n") from e
    return Result(f"Đã nhập xong: {summary}.")
