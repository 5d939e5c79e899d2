"""Screens of boards; its addresses at the foot."""

urlpatterns: list = []
