from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "xiaowei.disclosure"
    label = "disclosure"
    verbose_name = "公开与透明日志"
