from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "xiaowei.api"
    label = "xiaowei_api"
    verbose_name = "API"
