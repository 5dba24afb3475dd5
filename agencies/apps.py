from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi dan pegawai")

    def ready(self):
        from django.conf import settings
        from django.urls import register_converter

        from rosterhub.converters import IdConverter
        from rosterhub.local import local_files_prepare

        register_converter(IdConverter, "id")  # `<id:pk>` in every URL module: bounded ids, before any route compiles
        local_files_prepare(settings)
