"""Demo legal bases of the seed programmes, as the documents print them (idempotent).

Seed 002 (Lai Châu City's 2023 plan, KH-2023-TPLC) rests on Kế hoạch 2169/KH-UBND and on
Quyết định 3038/QĐ-UBND of 19/12/2022 giving the year's socio-economic targets."""

from __future__ import annotations

import datetime as dt

from audit.models import Channel

from .models import LegalBasis, Programme
from .writing import do_save_legal_basis

LEGAL_BASES = {
    "KH-2023-TPLC": [
        dict(doc_type="Kế hoạch", number="2169/KH-UBND", signed_on=dt.date(2021, 7, 9),
             issuer="UBND thành phố Lai Châu",
             title="về việc phát triển sản xuất nông nghiệp hàng hóa trên địa bàn thành phố Lai Châu giai đoạn "
                   "2021-2025, định hướng đến năm 2030", programme_ref="2169/KH-UBND"),
        dict(doc_type="Quyết định", number="3038/QĐ-UBND", signed_on=dt.date(2022, 12, 19),
             issuer="UBND thành phố Lai Châu",
             title="V/v giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2023"),
    ],
}


def load_demo_legal_bases(progress=lambda m: None) -> int:
    changed = 0
    for code, rows in LEGAL_BASES.items():
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            continue
        for position, row in enumerate(rows, start=1):
            row = dict(row)
            ref = row.pop("programme_ref", None)
            wanted = {**row, "programme_ref": Programme.objects.filter(code=ref).first() if ref else None}
            obj = LegalBasis.objects.filter(programme=programme, position=position).first() or \
                LegalBasis(programme=programme, position=position)
            if obj.pk and all(getattr(obj, k) == v for k, v in wanted.items()):
                continue
            for k, v in wanted.items():
                setattr(obj, k, v)
            do_save_legal_basis(obj, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
            changed += 1
    progress(f"  Căn cứ pháp lý của chương trình: {changed} mục thay đổi.")
    return changed
