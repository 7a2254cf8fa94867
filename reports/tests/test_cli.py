"""manage.py report …"""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from .conftest import docx_text

pytestmark = pytest.mark.django_db


def test_the_command_writes_word_and_excel(tmp_path, december_parts, capsys):
    out, xlsx = tmp_path / "thang12.docx", tmp_path / "thang12.xlsx"
    call_command("report", "monthly", unit="12", period="202312", out=str(out), xlsx=str(xlsx), date="10/01/2024")
    text = docx_text(out.read_bytes())
    assert "Lai Châu, ngày 10 tháng 01 năm 2024" in text and "353.350 con" in text
    assert "Số liệu chưa có" in text
    assert load_workbook(xlsx).sheetnames[0] == "Thông tin"
    assert "Đã ghi" in capsys.readouterr().out


def test_pdf_needs_libreoffice_and_says_so(tmp_path, monkeypatch, without_record_providers):
    from reports.management.commands import report

    monkeypatch.setattr(report, "soffice", lambda: None)
    with pytest.raises(CommandError, match="chưa cài LibreOffice"):
        call_command("report", "monthly", unit="12", period="202312", out=str(tmp_path / "a.docx"), pdf=True)
    assert not (tmp_path / "a.docx").exists()


def test_bad_arguments_are_explained(tmp_path, without_record_providers):
    with pytest.raises(CommandError, match="cần kỳ là một tháng"):
        call_command("report", "monthly", unit="12", period="2023", out=str(tmp_path / "a.docx"))
    with pytest.raises(CommandError, match=".docx"):
        call_command("report", "monthly", unit="12", period="202312", out=str(tmp_path / "a.pdf"))
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("report", "monthly", unit="12", period="202312", out=str(tmp_path / "a.docx"), date="2024-01-10")
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("report", "review", unit="12.105", period="2023", programme="KHONG-CO",
                     out=str(tmp_path / "a.docx"))
