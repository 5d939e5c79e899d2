from django.apps import AppConfig


class CataloguesConfig(AppConfig):
    name = "congvu.catalogues"
    label = "catalogues"
