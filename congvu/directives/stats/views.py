"""Screens of directive follow-up: stats."""

urlpatterns: list = []
