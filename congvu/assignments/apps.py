from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "congvu.assignments"
    label = "assignments"
