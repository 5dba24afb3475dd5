"""Shared personas: two agencies (Pemkot Bekasi and Pemkot Tangerang) and a user of each role.

Function-scoped tests get them from the `world` fixture (tests/conftest.py); module fixtures that build
them once (tests/security/test_authorization_matrix.py) call `world_build` directly.
"""

from types import SimpleNamespace

from agencies.models import Role
from tests import factories as f


def world_build():
    """Build the personas in the current database; returns them as attributes."""
    jabar = f.region("32", "Jawa Barat", "province")
    banten = f.region("36", "Banten", "province")
    bekasi_region = f.region("32.75", "Kota Bekasi", "city", parent=jabar)
    tangerang_region = f.region("36.71", "Kota Tangerang", "city", parent=banten)
    bekasi = f.agency("pemkot-bekasi", "Pemerintah Kota Bekasi", "Pemkot Bekasi", seat=bekasi_region)
    tangerang = f.agency("pemkot-tangerang", "Pemerintah Kota Tangerang", "Pemkot Tangerang", seat=tangerang_region)
    w = SimpleNamespace(jabar=jabar, banten=banten, bekasi=bekasi, tangerang=tangerang)
    w.bekasi_setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    w.bekasi_bagian_umum = f.unit(bekasi, "Bagian Umum", "", parent=w.bekasi_setda)
    w.bekasi_dinkes = f.unit(bekasi, "Dinas Kesehatan", "health")
    w.tangerang_setda = f.unit(tangerang, "Sekretariat Daerah", "administration")
    w.bekasi_staff = [f.employee(w.bekasi_setda) for _ in range(4)]
    w.bekasi_umum_staff = [f.employee(w.bekasi_bagian_umum) for _ in range(2)]
    w.bekasi_nurses = [f.employee(w.bekasi_dinkes) for _ in range(3)]
    w.tangerang_staff = [f.employee(w.tangerang_setda) for _ in range(3)]
    w.bekasi_hr = f.user("hr_bekasi", Role.HR_OFFICER, agency=bekasi)
    w.tangerang_hr = f.user("hr_tangerang", Role.HR_OFFICER, agency=tangerang)
    w.bekasi_head = f.user("kepala_setda_bekasi", Role.UNIT_HEAD, unit=w.bekasi_setda, employee=w.bekasi_staff[0])
    w.bekasi_setda.head = w.bekasi_staff[0]
    w.bekasi_setda.save()
    w.bekasi_inspector = f.user("inspektur_bekasi", Role.INSPECTOR, agency=bekasi)
    w.jabar_inspector = f.user("inspektur_jabar", Role.INSPECTOR, region=jabar)
    w.bekasi_employee = f.user("pegawai_bekasi", employee=w.bekasi_staff[1])
    w.tangerang_employee = f.user("pegawai_tangerang", employee=w.tangerang_staff[0])
    return w
