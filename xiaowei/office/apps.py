from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "xiaowei.office"
    label = "office"
    verbose_name = "工作台"
