from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "congvu.notifications"
    label = "notifications"

    def ready(self) -> None:
        from congvu.core import registry
        from congvu.notifications import selectors

        registry.urls("thong-bao/", "congvu.notifications.urls")
        registry.api("/", "congvu.notifications.api.router")
        # Web Push (congvu.notifications.push): the manifest and the service worker live at the root.
        registry.urls("", "congvu.notifications.push.views", order=900)
        registry.api("/push", "congvu.notifications.push.api.router")
        registry.audit_labels(
            {
                "notifications.pushsubscription.created": _("Đăng ký nhận thông báo trên thiết bị"),
                "notifications.pushsubscription.removed": _("Ngừng nhận thông báo trên thiết bị"),
            }
        )
        registry.nav_entry(
            registry.NavEntry(
                "notifications",
                _("Thông báo"),
                "notifications:inbox",
                namespace="notifications",
                order=60,
                badge=selectors.unread_count,
            )
        )
        registry.home_section(
            registry.HomeSection(
                "notifications.recent",
                "notifications/_home_recent.html",
                lambda user: {
                    "notifications": selectors.recent_for(user, limit=10),
                    "unread": selectors.unread_count(user),
                },
                order=90,
            )
        )
