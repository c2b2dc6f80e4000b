from django.apps import AppConfig


class LibConfig(AppConfig):
    """Shared code; an app only for the commands that belong to no one app (`xiaowei import`)."""

    name = "xiaowei.lib"
    label = "lib"
    verbose_name = "公共"
