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
