from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "xiaowei.regions"
    label = "regions"
    verbose_name = "行政区划与角色"
