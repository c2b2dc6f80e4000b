from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "xiaowei.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from xiaowei.demo.regions import accounts_banner
        from xiaowei.portal.signals import serving

        serving.connect(accounts_banner, dispatch_uid="demo.accounts_banner")
