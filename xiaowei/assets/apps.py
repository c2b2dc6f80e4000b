from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "xiaowei.assets"
    label = "assets"
    verbose_name = "资产资源"
