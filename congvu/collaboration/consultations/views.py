"""Screens of consultations; its addresses at the foot."""

urlpatterns: list = []
