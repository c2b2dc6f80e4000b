from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xiaowei.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from xiaowei.accounts import signals  # noqa: F401  (connects the login audit receivers)
