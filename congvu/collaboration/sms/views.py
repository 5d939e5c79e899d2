"""Screens of sms; its addresses at the foot."""

urlpatterns: list = []
