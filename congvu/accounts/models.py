"""Accounts: people, their credentials and sessions, and the requests that create or change them."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.text import clean_text, search_text


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)

    def create_user(self, username, password=None, **extra):
        user = self.model(username=username.lower(), **extra)
        user.full_name = clean_text(user.full_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, username, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("full_name", username)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person's account (ORG-3..ORG-7). Never deleted: suspended or retired instead."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        SUSPENDED = "suspended", _("Tạm dừng")
        RETIRED = "retired", _("Đã hủy")

    username = models.CharField(_("tên đăng nhập"), max_length=150, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("lý do"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("quản trị hệ thống (Django admin)"), default=False, help_text=_("Được vào trang quản trị kỹ thuật.")
    )
    must_change_password = models.BooleanField(default=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    search_text = models.TextField(default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.username = self.username.lower()
        self.full_name = clean_text(self.full_name)
        self.search_text = search_text(self.full_name, self.username, self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"full_name", "username", "email"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:  # type: ignore[override]  # Django's field, read from the status
        return self.status == self.Status.ACTIVE

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class PasswordHistory(models.Model):
    """Previous password hashes, so that administrators cannot reuse their last 10 (TV-SEC-4)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in session, listed on the profile so that its owner can end it (ORG-6)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")

    def __str__(self) -> str:
        return f"{self.user} – {self.ip or '?'}"


def token_expiry() -> dt.datetime:
    """When a token made now stops working (``CONGVU_API_TOKEN_DAYS``, 90 days by default)."""
    return timezone.now() + dt.timedelta(days=settings.SECURITY["API_TOKEN_DAYS"])


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the token is shown once. It works until
    ``expires_at`` (``SECURITY["API_TOKEN_DAYS"]`` after it was made) and only for an account in good
    standing (``signin.services.token_authenticate``)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), default=token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class AccountRequest(models.Model):
    """A unit head's request to create, change, suspend or retire accounts (ORG-3; seed 000 Đ8).

    Administrators act on it within ``ACCOUNT_REQUEST_DAYS`` working days of its submission
    (seed 000 Đ8.2: 02 ngày làm việc). It prints as Phụ lục 1 (create) or Phụ lục 2 (the rest).
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("Cấp mới tài khoản")
        CHANGE = "change", _("Thay đổi thông tin")
        SUSPEND = "suspend", _("Dừng hoạt động")
        RETIRE = "retire", _("Hủy bỏ tài khoản")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ xử lý")
        DONE = "done", _("Đã xử lý")
        REJECTED = "rejected", _("Bị trả lại")
        WITHDRAWN = "withdrawn", _("Đã rút")

    kind = models.CharField(_("loại đề nghị"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="account_requests", verbose_name=_("đơn vị")
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_requests_filed")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    processed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    processed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    response = models.TextField(_("ý kiến xử lý"), blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="account_request_queue_idx")]
        verbose_name = _("đề nghị tài khoản")
        verbose_name_plural = _("đề nghị tài khoản")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit} (#{self.pk})"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.SUBMITTED
            and self.due_on is not None
            and timezone.localdate() > self.due_on
        )


class AccountRequestLine(models.Model):
    """One person on the request: the columns of Phụ lục 1 (and, for changes, of Phụ lục 2)."""

    request = models.ForeignKey(AccountRequest, on_delete=models.CASCADE, related_name="lines")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị công tác")
    )
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("chức vụ")
    )
    email = models.EmailField(_("email"), blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    target_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("tài khoản")
    )
    change_description = models.TextField(_("nội dung thay đổi"), blank=True)
    change_reason = models.TextField(_("lý do thay đổi"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    result_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name
