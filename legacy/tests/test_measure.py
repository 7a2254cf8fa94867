"""The measurement command counts recall and suggestion precision against known figures."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TEXT = ("BÁO CÁO tình hình sản xuất nông nghiệp tháng 11 năm 2024\n\n"
        "Tổng đàn gia súc ước đạt 120.500 con. Số trang trại là 14 trang trại.\n\n"
        "Có 3 lượt kiểm tra.\n")
FIGURES = ("seed,area,period,kind,subject_vi,subject_en,value,unit,breakdown_of,quote\n"
           "009,Tỉnh Lai Châu,202411,actual,tổng đàn,herd,120500,con,,Tổng đàn gia súc ước đạt 120.500 con\n"
           "009,Tỉnh Lai Châu,202411,actual,trang trại,farms,14,trang trại,,Số trang trại là 14 trang trại\n"
           "009,Tỉnh Lai Châu,202411,actual,khác,other,7,tấn,,không có trong văn bản 7 tấn\n")
SEED_MAP = ("# test\nrow,store,indicator,option,unit,period,programme,operator,note\n"
            "1,value,HERD,,12,202411,,,\n2,value,FARMS,,12,2023,,,\n3,none,,,,,,,\n")


def test_the_command_prints_recall_and_precision(tmp_path):
    (tmp_path / "009_test.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "figures.csv").write_text(FIGURES, encoding="utf-8")
    (tmp_path / "seed_map.csv").write_text(SEED_MAP, encoding="utf-8")
    out = io.StringIO()
    call_command("legacy_measure", "--seeds", str(tmp_path), "--figures", str(tmp_path / "figures.csv"),
                 "--map", str(tmp_path / "seed_map.csv"), stdout=out)
    row = next(line for line in out.getvalue().splitlines() if line.startswith("| 009 "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    # 3 true figures, 2 found among 3 candidates; 2 judged, 1 right in all four
    # (the farms' period is 2023 in the truth, 202411 here)
    assert cells[:6] == ["009", "3", "2 (67%)", "3", "2", "1 (50%)"]  # "3 lượt" is a candidate too
