from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi dan pegawai")

    def ready(self):
        from django.conf import settings

        from rosterhub.local import local_files_prepare

        local_files_prepare(settings)
