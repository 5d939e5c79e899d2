"""``congvu push_keys``: the Web Push (VAPID) key pair, made once in the data directory unless the
environment gives it (``CONGVU_VAPID_PUBLIC_KEY``/``CONGVU_VAPID_PRIVATE_KEY``). ``make run`` calls it,
so that the demo pushes notifications out of the box. Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from congvu.notifications.push.services import vapid_keys_ensure


class Command(BaseCommand):
    help = "Tạo cặp khóa VAPID gửi thông báo đẩy (Web Push) nếu chưa có."

    def handle(self, *args: Any, **options: Any) -> None:
        keys, created = vapid_keys_ensure()
        if settings.VAPID_PUBLIC_KEY:
            where = "biến môi trường CONGVU_VAPID_PUBLIC_KEY/CONGVU_VAPID_PRIVATE_KEY"
        else:
            where = str(settings.VAPID_KEY_FILE)
        verb = "Đã tạo" if created else "Đã có"
        self.stdout.write(f"{verb} khóa VAPID ({where}). Khóa công khai: {keys.public_key}")
