from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "xiaowei.matters"
    label = "matters"
    verbose_name = "事项与会议"
