from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Surat edaran dan kepatuhan")

    def ready(self):
        from agencies.audit_labels import code_labels_register
        from agencies.signals import staffing_changed

        from .models import FindingKind, FindingStatus

        # agencies knows nothing of compliance: it announces staffing changes, and the checks follow them.
        staffing_changed.connect(_recheck_staffing, dispatch_uid="policies.recheck_staffing", weak=False)
        code_labels_register(FindingKind, FindingStatus)


def _recheck_staffing(sender, pairs, **kwargs):
    from .compliance import compliance_recheck_later

    compliance_recheck_later(pairs)
