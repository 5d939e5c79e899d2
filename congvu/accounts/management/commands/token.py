"""``congvu token create USERNAME [--name NAME]`` prints a new personal API token (shown once);
``congvu token revoke USERNAME PREFIX`` revokes the user's token that starts with PREFIX."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.accounts.models import User
from congvu.accounts.signin import services as tokens
from congvu.core.decisions import Refused


class Command(BaseCommand):
    help = "Tạo hoặc thu hồi mã truy cập API của một tài khoản."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo mã mới và in ra (chỉ hiển thị một lần).")
        create.add_argument("username")
        create.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã.")
        revoke = sub.add_parser("revoke", help="Thu hồi mã theo vài ký tự đầu.")
        revoke.add_argument("username")
        revoke.add_argument("prefix")

    def handle(self, *args, action, username, **options):
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        try:
            if action == "create":
                _, raw = tokens.token_create(user=user, name=options["name"], actor=None)
                self.stdout.write(raw)
            else:
                token = tokens.find_by_prefix(user=user, prefix=options["prefix"])
                tokens.token_revoke(token=token, actor=None)
                self.stdout.write(f"Đã thu hồi mã {token.prefix}… ({token.name}).")
        except Refused as exc:
            raise CommandError(exc.message) from None
