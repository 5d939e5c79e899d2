"""Screens of feedback; its addresses at the foot."""

urlpatterns: list = []
