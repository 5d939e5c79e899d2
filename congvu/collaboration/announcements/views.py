"""Screens of announcements; its addresses at the foot."""

urlpatterns: list = []
