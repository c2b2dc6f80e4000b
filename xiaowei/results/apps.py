from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "xiaowei.results"
    label = "results"
    verbose_name = "办事结果"
