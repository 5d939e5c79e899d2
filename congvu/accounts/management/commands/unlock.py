"""``congvu unlock USERNAME``: the administrators' break-glass unlock after repeated failed
sign-ins (TV-SEC-1; standards §7: "emergency unlock for admins"). Recorded in the audit log."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.accounts.models import User
from congvu.accounts.users import services as user_services


class Command(BaseCommand):
    help = "Mở khóa tài khoản bị khóa do đăng nhập sai nhiều lần."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập.")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        was_locked = user_services.is_locked(user)
        removed = user_services.user_unlock(user=user, actor=None)
        if was_locked:
            self.stdout.write(
                f"Đã mở khóa tài khoản {user.username} ({removed} bản ghi đăng nhập sai đã xóa)."
            )
        else:
            self.stdout.write(
                f"Tài khoản {user.username} không bị khóa; đã xóa {removed} bản ghi đăng nhập sai."
            )
