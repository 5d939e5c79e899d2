"""Screens of chat; its addresses at the foot."""

urlpatterns: list = []
