from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "congvu.notifications"
    label = "notifications"
