"""Roster entries, WFH requests, attendance records, device punches, roll calls, imports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Employee, Region, Unit
from agencies.querysets import scoped_manager


class WorkLocation(models.TextChoices):
    WFO = "WFO", _("Kerja di kantor")
    WFH = "WFH", _("Kerja dari rumah")
    # PermenPANRB 4/2025's flexible location: another location the work needs, or another office.
    WFA = "WFA", _("WFA / lokasi lain")
    OTHER_OFFICE = "KL", _("Kantor lain")
    DL = "DL", _("Dinas luar")
    LEAVE = "CUTI", _("Cuti")
    SICK = "SAKIT", _("Sakit")
    OFF = "LIBUR", _("Libur")


WORKING_LOCATIONS = [
    WorkLocation.WFO.value, WorkLocation.WFH.value, WorkLocation.WFA.value, WorkLocation.OTHER_OFFICE.value,
    WorkLocation.DL.value,
]
# Locations away from one's own office whose entry names the place (address and region).
REMOTE_LOCATIONS = [WorkLocation.WFH.value, WorkLocation.WFA.value, WorkLocation.OTHER_OFFICE.value]
# What an approved WFH or WFA request writes to the roster (and protects there).
REQUESTABLE_LOCATIONS = [WorkLocation.WFH.value, WorkLocation.WFA.value]


def holds_approved_request(location: str, wfh_request_id: int | None) -> bool:
    """A roster cell an approved WFH or WFA request wrote (the write service protects it)."""
    return bool(wfh_request_id and location in REQUESTABLE_LOCATIONS)


class LeaveType(models.TextChoices):
    """Cuti types of PP 11/2017 as recaps code them."""

    CT = "CT", _("Cuti tahunan")
    CB = "CB", _("Cuti besar")
    CS = "CS", _("Cuti sakit")
    CM = "CM", _("Cuti melahirkan")
    CAP = "CAP", _("Cuti karena alasan penting")
    CBER = "CBER", _("Cuti bersama")
    CLTN = "CLTN", _("Cuti di luar tanggungan negara")


class RosterEntry(models.Model):
    """Where one employee works on one day. `version` guards against lost updates."""

    objects = scoped_manager()

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="roster_entries")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="roster_entries")
    date = models.DateField(_("tanggal"))
    location = models.CharField(_("lokasi kerja"), max_length=5, choices=WorkLocation.choices)
    leave_type = models.CharField(_("jenis cuti"), max_length=4, choices=LeaveType.choices, blank=True)
    # The place of a WFH, WFA or other-office day (the names predate WFA).
    wfh_address = models.CharField(_("alamat / tempat kerja"), max_length=255, blank=True)
    wfh_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    wfh_request = models.ForeignKey(
        "WfhRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="roster_entries"
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jadwal kerja")
        verbose_name_plural = _("jadwal kerja")
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="roster_one_entry_per_employee_day"),
            models.CheckConstraint(condition=Q(location__in=[c.value for c in WorkLocation]), name="roster_location_valid"),
            models.CheckConstraint(
                condition=Q(leave_type="") | Q(location="CUTI", leave_type__in=[c.value for c in LeaveType]),
                name="roster_leave_type_only_on_leave",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "date", "location"]),
            models.Index(fields=["agency", "date"]),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.date} {self.location}"


class RequestLocation(models.TextChoices):
    """Where a WFH/WFA request asks to work (the two remote locations of WorkLocation)."""

    WFH = "WFH", _("Kerja dari rumah")
    WFA = "WFA", _("WFA / lokasi lain")


class WfhRequestStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    PARTIAL = "partial", _("Disetujui sebagian")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class WfhRequest(models.Model):

    objects = scoped_manager()
    Status = WfhRequestStatus

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="wfh_requests")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="wfh_requests")
    reason = models.TextField(_("alasan"))
    # WFH (home) or WFA (another location); approval writes this location into the roster.
    location = models.CharField(_("lokasi"), max_length=5, default=WorkLocation.WFH, choices=RequestLocation.choices)
    address = models.CharField(_("alamat WFH"), max_length=255)
    address_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    approver = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="wfh_requests_to_decide",
        help_text=_("Kepala unit (atau Plt.) yang memutuskan."),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("pengajuan WFH")
        verbose_name_plural = _("pengajuan WFH")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[c.value for c in WfhRequestStatus]), name="wfh_request_status_valid"),
            models.CheckConstraint(condition=Q(location__in=["WFH", "WFA"]), name="wfh_request_location_valid"),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["agency", "status"])]


class WfhDayStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class WfhRequestDay(models.Model):
    Status = WfhDayStatus

    request = models.ForeignKey(WfhRequest, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("tanggal"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["request", "date"], name="wfh_request_day_unique"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in WfhDayStatus]), name="wfh_request_day_status_valid"),
        ]
        indexes = [models.Index(fields=["date", "status"])]


class AttendanceStatus(models.TextChoices):
    """Codes used in rekapitulasi kehadiran."""

    PRESENT = "H", _("Hadir")
    LATE = "TL", _("Terlambat")
    EARLY_LEAVE = "PSW", _("Pulang sebelum waktunya")
    SICK = "S", _("Sakit")
    PERMISSION = "I", _("Izin")
    LEAVE = "C", _("Cuti")
    FIELD_DUTY = "DL", _("Dinas luar")
    STUDY = "TB", _("Tugas belajar")
    ABSENT = "TK", _("Tanpa keterangan")
    WFH = "WFH", _("Hadir (WFH)")


class AttendanceRecord(models.Model):

    objects = scoped_manager()
    class Source(models.TextChoices):
        DEVICE = "device", _("Mesin presensi")
        MANUAL = "manual", _("Input manual")
        ROLL_CALL = "roll_call", _("Apel")
        SELF = "self", _("Presensi mandiri")
        DERIVED = "derived", _("Dari jadwal")

    class Place(models.TextChoices):
        OFFICE = "office", _("Kantor")
        HOME = "home", _("Rumah")
        ELSEWHERE = "elsewhere", _("Lainnya")

    # No separate FK indexes: (agency, date, status), (unit, date) and (employee, date) lead with them,
    # and every index costs a large import time.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="attendance_records", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="attendance_records", db_index=False)
    date = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=4, choices=AttendanceStatus.choices)
    late_tier = models.PositiveSmallIntegerField(_("TL"), default=0)
    early_tier = models.PositiveSmallIntegerField(_("PSW"), default=0)
    leave_type = models.CharField(_("jenis cuti"), max_length=4, choices=LeaveType.choices, blank=True)
    check_in = models.DateTimeField(_("masuk"), null=True, blank=True)
    check_out = models.DateTimeField(_("pulang"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    place = models.CharField(_("tempat"), max_length=10, choices=Place.choices, blank=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catatan kehadiran")
        verbose_name_plural = _("catatan kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="attendance_one_record_per_employee_day"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in AttendanceStatus]), name="attendance_status_valid"),
            models.CheckConstraint(condition=Q(late_tier__lte=4, early_tier__lte=4), name="attendance_tiers_0_4"),
            # TL carries the lateness tier (and any early-leave tier); PSW an early-leave tier; C its leave type.
            models.CheckConstraint(condition=Q(late_tier=0) | Q(status="TL"), name="attendance_late_tier_only_when_late"),
            models.CheckConstraint(
                condition=Q(early_tier=0) | Q(status__in=["TL", "PSW"]), name="attendance_early_tier_only_when_left_early"
            ),
            models.CheckConstraint(condition=Q(leave_type="") | Q(status="C"), name="attendance_leave_type_only_on_leave"),
            models.CheckConstraint(
                condition=Q(check_in__isnull=True) | Q(check_out__isnull=True) | Q(check_out__gte=models.F("check_in")),
                name="attendance_check_out_after_in",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "date", "status"]),
            models.Index(fields=["unit", "date"]),
            # the dashboard's freshness check: the newest record of an agency
            models.Index(fields=["agency", "id"], name="attendance_agency_newest"),
            # the PP 94/2021 watchlist reads only TK days
            models.Index(fields=["agency", "date", "employee"], condition=Q(status="TK"), name="attendance_absent_days"),
        ]


class DeviceUser(models.Model):
    """Maps a fingerprint machine's user id to an employee (per agency and device)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    device = models.CharField(_("mesin"), max_length=60, blank=True)
    device_user_id = models.CharField(_("ID pengguna mesin"), max_length=40)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="device_users")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "device", "device_user_id"], name="device_user_unique"),
        ]


class DevicePunch(models.Model):
    """A raw punch from a presence machine; first-in/last-out derives the day's record."""

    objects = scoped_manager(unit_path="employee__unit__path")

    # FK indexes left out: the unique (employee, …) and (agency, local_date) indexes lead with them.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="punches", db_index=False)
    punched_at = models.DateTimeField(_("waktu"))
    local_date = models.DateField(_("tanggal lokal"))
    device = models.CharField(_("mesin"), max_length=60, blank=True)
    batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="punches")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "punched_at", "device"], name="punch_unique"),
        ]
        indexes = [models.Index(fields=["employee", "local_date"]), models.Index(fields=["agency", "local_date"])]


class RollCall(models.Model):
    """An apel: a tally a unit (or agency) reports for a day, checked against the records."""

    objects = scoped_manager(employee=None)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="roll_calls")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="roll_calls")
    date = models.DateField(_("tanggal"))
    title = models.CharField(_("kegiatan"), max_length=200)
    reported_present = models.PositiveIntegerField(_("hadir"))
    reported_absent_total = models.PositiveIntegerField(_("berhalangan hadir"))
    reported_sick = models.PositiveIntegerField(_("sakit"), default=0)
    reported_permission = models.PositiveIntegerField(_("izin"), default=0)
    reported_leave = models.PositiveIntegerField(_("cuti"), default=0)
    reported_without_notice = models.PositiveIntegerField(_("tanpa keterangan"), default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("apel")
        verbose_name_plural = _("apel")

    @property
    def breakdown_total(self) -> int:
        return self.reported_sick + self.reported_permission + self.reported_leave + self.reported_without_notice

    @property
    def adds_up(self) -> bool:
        return self.breakdown_total == self.reported_absent_total


class ImportBatch(models.Model):
    """A file import (roster, punches, attendance) with its progress and per-row errors."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Jadwal kerja")
        PUNCHES = "punches", _("Data mesin presensi")
        ATTENDANCE = "attendance", _("Kehadiran")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        VALIDATING = "validating", _("Memeriksa")
        INVALID = "invalid", _("Ada kesalahan")
        READY = "ready", _("Siap diterapkan")
        APPLYING = "applying", _("Menerapkan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    applied_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class RamadanPeriod(models.Model):
    """Ramadan dates, when Perpres 21/2023 shortens working hours (the agency's Ramadan hours apply).

    A period without an agency applies to every agency; an agency's own row adds to it.
    """

    name = models.CharField(_("nama"), max_length=80)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("periode Ramadan")
        verbose_name_plural = _("periode Ramadan")
        constraints = [
            models.CheckConstraint(condition=Q(start_date__lte=models.F("end_date")), name="ramadan_period_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_date} – {self.end_date})"


class AttendanceDaySummary(models.Model):
    """Counts of one unit's day records by status, so the dashboard sums thousands of rows
    instead of millions. Kept by every write of attendance records for the days it changes
    (see presence.summaries), so reading them never writes."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    h = models.PositiveIntegerField(default=0)
    tl = models.PositiveIntegerField(default=0)
    psw = models.PositiveIntegerField(default=0)
    wfh = models.PositiveIntegerField(default=0)
    wfa = models.PositiveIntegerField(default=0)  # of `wfh`: present at another location (a WFA day)
    s = models.PositiveIntegerField(default=0)
    i = models.PositiveIntegerField(default=0)
    c = models.PositiveIntegerField(default=0)
    dl = models.PositiveIntegerField(default=0)
    tb = models.PositiveIntegerField(default=0)
    tk = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="attendance_summary_one_per_unit_day")]
        indexes = [models.Index(fields=["agency", "date"])]


class HourSchemeKind(models.TextChoices):
    """PermenPANRB 4/2025's flexible time, within Perpres 21/2023's 37.5 hours a week."""

    FIXED = "fixed", _("Jam kerja tetap")
    WINDOW = "window", _("Rentang jam datang")
    DYNAMIC = "dynamic", _("Jam kerja dinamis")


class WorkingHourScheme(models.Model):
    """The working-hour scheme an agency (or one unit) follows from a date: fixed hours (the
    agency's own, 07.30 and 08.00 in Ramadan), an arrival window (e.g. 07.00–08.30, then
    `day_minutes` after arrival), or dynamic hours held against `weekly_minutes` a week.
    A unit's scheme takes the place of its agency's; the newest in force wins."""

    Kind = HourSchemeKind

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="hour_schemes")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="hour_schemes")
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=8, choices=HourSchemeKind.choices)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    window_start = models.TimeField(_("datang paling awal"), null=True, blank=True)
    window_end = models.TimeField(_("datang paling lambat"), null=True, blank=True)
    day_minutes = models.PositiveSmallIntegerField(_("menit kerja per hari"), default=450)
    ramadan_day_minutes = models.PositiveSmallIntegerField(_("menit kerja per hari (Ramadan)"), default=390)
    weekly_minutes = models.PositiveSmallIntegerField(_("menit kerja per minggu"), default=2250)

    class Meta:
        ordering = ["agency_id", "effective_from", "id"]
        verbose_name = _("skema jam kerja")
        verbose_name_plural = _("skema jam kerja")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[c.value for c in HourSchemeKind]), name="hour_scheme_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="window") | Q(window_start__isnull=False, window_end__isnull=False, window_start__lte=models.F("window_end")),
                name="hour_scheme_window_complete",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True) | Q(effective_from__lte=models.F("effective_until")),
                name="hour_scheme_dates_order",
            ),
        ]

    def __str__(self):
        return self.name
