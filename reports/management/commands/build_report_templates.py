"""Regenerate the default Word templates (reports/docx/*.docx) from reports/docx_template.py."""

from django.core.management.base import BaseCommand

from reports.docx_template import write_templates


class Command(BaseCommand):
    help = "Tạo lại các mẫu văn bản Word mặc định (reports/docx/*.docx) theo thể thức Nghị định 30/2020/NĐ-CP."

    def handle(self, *args, **options):
        for path in write_templates():
            self.stdout.write(f"Đã ghi {path}")
