"""Store 'hết hiệu lực' on OCOP products whose certificate has lapsed (for a daily cron).

The pages and the figures already compute expiry from the dates; this keeps the
stored status (and the audit trail) in step."""

from django.core.management.base import BaseCommand

from audit.models import Channel
from registries.actions import do_refresh_ocop_statuses


class Command(BaseCommand):
    help = "Ghi trạng thái 'Hết hiệu lực' cho sản phẩm OCOP có giấy chứng nhận đã hết hạn."

    def handle(self, *args, **options):
        changed = do_refresh_ocop_statuses(channel=Channel.SYSTEM)
        self.stdout.write(f"Đã cập nhật trạng thái {changed} sản phẩm OCOP.")
