from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tdkt.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .mfa import on_login

        user_logged_in.connect(on_login, dispatch_uid="tdkt.accounts.mfa.on_login")
