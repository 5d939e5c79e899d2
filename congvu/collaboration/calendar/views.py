"""Screens of calendar; its addresses at the foot."""

urlpatterns: list = []
