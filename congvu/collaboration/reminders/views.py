"""Screens of reminders; its addresses at the foot."""

urlpatterns: list = []
