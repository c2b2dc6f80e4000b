from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "xiaowei.search"
    label = "search"
    verbose_name = "搜索"
