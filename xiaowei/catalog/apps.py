from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "xiaowei.catalog"
    label = "catalog"
    verbose_name = "权力清单"
