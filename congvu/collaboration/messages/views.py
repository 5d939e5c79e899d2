"""Screens of messages; its addresses at the foot."""

urlpatterns: list = []
