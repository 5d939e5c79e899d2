"""Screens of notices; its addresses at the foot."""

urlpatterns: list = []
