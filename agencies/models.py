"""Regions, agencies, units, employees, users and their roles, the audit log and notifications."""

import datetime
import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import scoped_manager, scoped_queryset
from .validators import validate_nik, validate_nip, validate_region_code


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten")
    CITY = "city", _("Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Desa/Kelurahan")


# Kemendagri code depth -> the levels it can name: 31 / 31.74 / 31.74.01 / 31.74.01.1001.
REGION_LEVELS_BY_DEPTH = {
    0: (RegionLevel.PROVINCE,), 1: (RegionLevel.REGENCY, RegionLevel.CITY), 2: (RegionLevel.DISTRICT,),
    3: (RegionLevel.VILLAGE,),
}


class Region(models.Model):
    """A Kemendagri region: province (31), regency/city (31.74), district (31.74.01)."""

    Level = RegionLevel

    code = models.CharField(_("kode"), max_length=13, unique=True, validators=[validate_region_code])
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    timezone = models.CharField(_("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=[c.value for c in RegionLevel]), name="region_level_valid"),
            models.CheckConstraint(condition=Q(timezone__in=[c.value for c in TimeZone]), name="region_timezone_valid"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.parent_id and (self.code == self.parent.code or not region_code_within(self.code, self.parent.code)):
            raise ValidationError({"parent": _("Kode wilayah harus diawali kode wilayah induknya.")})
        expected = REGION_LEVELS_BY_DEPTH.get((self.code or "").count("."), ())
        if self.level and expected and self.level not in expected:
            raise ValidationError({"level": _("Tingkat wilayah tidak sesuai panjang kodenya (%(code)s).") % {"code": self.code}})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def region_code_within(code: str, container_code: str) -> bool:
    """Kemendagri codes nest by prefix: 31.74 lies inside 31. The one home of "region inside region"
    (policies.compliance re-exports it as `region_within`; `region_within_q` is its ORM form)."""
    return code == container_code or code.startswith(container_code + ".")


def region_within_q(field_name: str, container_codes) -> Q:
    """Rows whose region code (`field_name`, e.g. "agency__seat_region__code") lies inside any of the codes."""
    condition = Q(pk__in=[])
    for code in container_codes:
        condition |= Q(**{field_name: code}) | Q(**{f"{field_name}__startswith": code + "."})
    return condition


def region_codes_up(code: str) -> list[str]:
    """31.74.01 -> [31, 31.74, 31.74.01]: every region containing this one, itself included."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def region_ids_by_code(codes) -> dict[str, int]:
    """Kemendagri code -> region id for the known ones among `codes` (one query; unknown codes are absent)."""
    wanted = {str(c).strip() for c in codes if c}
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "pk")) if wanted else {}


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Kementerian/Lembaga")
    PROVINCE = "province", _("Pemerintah Provinsi")
    REGENCY = "regency", _("Pemerintah Kabupaten")
    CITY = "city", _("Pemerintah Kota")


class Agency(models.Model):
    """An instansi: a ministry or a provincial / regency / city government."""

    Kind = AgencyKind

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    seat_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("wilayah kedudukan"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # ISO weekdays (1 = Monday) that are working days; Perpres 21/2023 sets five days.
    working_weekdays = models.CharField(
        _("hari kerja"), max_length=7, default="12345", validators=[RegexValidator(r"^[1-7]{1,7}$")]
    )
    work_start = models.TimeField(_("jam masuk"), default=datetime.time(7, 30))
    work_end = models.TimeField(_("jam pulang Senin–Kamis"), default=datetime.time(16, 0))
    friday_work_end = models.TimeField(_("jam pulang Jumat"), default=datetime.time(16, 30))
    ramadan_work_start = models.TimeField(_("jam masuk Ramadan"), default=datetime.time(8, 0))
    ramadan_work_end = models.TimeField(_("jam pulang Ramadan"), default=datetime.time(15, 0))
    ramadan_friday_work_end = models.TimeField(_("jam pulang Jumat Ramadan"), default=datetime.time(15, 30))
    letterhead = models.TextField(_("kop surat"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[c.value for c in AgencyKind]), name="agency_kind_valid"),
            models.CheckConstraint(condition=Q(work_start__lt=models.F("work_end")), name="agency_work_hours_order"),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.seat_region.timezone)


class ServiceCategory(models.TextChoices):
    """Service categories named by the circulars (SE MenPANRB 1/2024, 17/2023)."""

    HEALTH = "health", _("Kesehatan")
    SECURITY = "security", _("Keamanan dan ketertiban")
    DISASTER = "disaster", _("Penanganan bencana")
    ENERGY = "energy", _("Energi")
    LOGISTICS = "logistics", _("Logistik")
    POST = "post", _("Pos")
    TRANSPORT = "transport", _("Transportasi dan distribusi")
    VITAL_OBJECT = "vital_object", _("Objek vital nasional")
    STRATEGIC_PROJECT = "strategic_project", _("Proyek strategis nasional")
    CONSTRUCTION = "construction", _("Konstruksi")
    UTILITIES = "utilities", _("Utilitas dasar")
    PUBLIC_SERVICE = "public_service", _("Pelayanan publik lainnya")
    ADMINISTRATION = "administration", _("Administrasi pemerintahan")
    LEADERSHIP_SUPPORT = "leadership_support", _("Dukungan pimpinan")


DIRECT_SERVICE_CATEGORIES = [
    c.value for c in ServiceCategory if c not in (ServiceCategory.ADMINISTRATION, ServiceCategory.LEADERSHIP_SUPPORT)
]
ADMINISTRATIVE_CATEGORIES = [ServiceCategory.ADMINISTRATION.value, ServiceCategory.LEADERSHIP_SUPPORT.value]


class Unit(models.Model):
    """A unit kerja / perangkat daerah: a tree inside an agency.

    `path` ("/3/17/42/") and `effective_category` are kept by save() so that subtree
    and category filters are single indexed queries.
    """

    objects = scoped_manager(unit_path="path", employee=None)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(_("kode"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    service_category = models.CharField(
        _("kategori layanan"), max_length=20, choices=ServiceCategory.choices, blank=True,
        help_text=_("Kosongkan untuk mewarisi kategori unit induk."),
    )
    effective_category = models.CharField(max_length=20, choices=ServiceCategory.choices, editable=False)
    path = models.CharField(max_length=255, editable=False, db_index=True)
    head = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_units", verbose_name=_("kepala")
    )
    acting_head = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="acting_units",
        verbose_name=_("Plt. kepala"),
    )
    head_since = models.DateField(_("kepala sejak"), null=True, blank=True)
    acting_head_from = models.DateField(_("Plt. sejak"), null=True, blank=True)
    acting_head_until = models.DateField(_("Plt. sampai"), null=True, blank=True)

    class Meta:
        ordering = ["agency_id", "path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(service_category="") | Q(service_category__in=[c.value for c in ServiceCategory]),
                name="unit_category_valid",
            ),
            models.CheckConstraint(condition=~Q(effective_category=""), name="unit_effective_category_set"),
            models.UniqueConstraint(fields=["agency", "code"], condition=~Q(code=""), name="unit_code_unique_per_agency"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id:
            if self.parent.agency_id != self.agency_id:
                raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
            if self.pk and f"/{self.pk}/" in self.parent.path:
                raise ValidationError({"parent": _("Unit tidak boleh menjadi induk dirinya sendiri.")})
        elif not self.service_category:
            raise ValidationError({"service_category": _("Unit teratas harus punya kategori layanan.")})
        errors = {}
        for name in ("head", "acting_head"):
            person = getattr(self, name)
            if person is not None and person.agency_id != self.agency_id:
                errors[name] = _("Pilih pegawai instansi unit ini.")
        if (self.acting_head_from or self.acting_head_until) and not self.acting_head_id:
            errors["acting_head"] = _("Tanggal Plt. diisi tetapi Plt. kepala belum dipilih.")
        if self.acting_head_from and self.acting_head_until and self.acting_head_until < self.acting_head_from:
            errors["acting_head_until"] = _("Tanggal akhir Plt. tidak boleh sebelum tanggal mulai.")
        if self.head_since and not self.head_id:
            errors["head"] = _("Tanggal kepala diisi tetapi kepala belum dipilih.")
        if errors:
            raise ValidationError(errors)

    def derive_category(self) -> None:
        """effective_category: the unit's own, else its parent's (saved units derive it in save())."""
        inherited = self.parent.effective_category if self.parent_id else ""
        self.effective_category = self.service_category or inherited or ServiceCategory.ADMINISTRATION

    def save(self, *args, **kwargs):
        self.derive_category()
        stored = Unit.objects.filter(pk=self.pk).values("path", "effective_category").first() if self.pk else None
        if stored is None:
            self.path = "/pending/"
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        super().save(*args, **kwargs)
        if stored and (stored["path"], stored["effective_category"]) != (self.path, self.effective_category):
            for child in self.children.all():
                child.save()  # a move or a new category cascades down the (small) subtree

    def acting_on(self, day: datetime.date) -> bool:
        """Is the Plt. in office on `day`? (no dates: until replaced)"""
        return self.acting_head_id is not None and (self.acting_head_from is None or self.acting_head_from <= day) and (
            self.acting_head_until is None or day <= self.acting_head_until
        )

    @property
    def responsible_head(self) -> "Employee | None":
        """The Plt. while in office today, otherwise the head."""
        return self.acting_head if self.acting_on(timezone.localdate()) else self.head


class EmploymentType(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"
    NON_ASN = "NON_ASN", _("Non-ASN")


ASN_TYPES = [EmploymentType.PNS.value, EmploymentType.CPNS.value, EmploymentType.PPPK.value]


def unit_choice_label(unit: "Unit") -> str:
    """A unit in a choice list: indented by its depth, with its agency (needs `agency` loaded)."""
    depth = max(unit.path.count("/") - 2, 0)
    return f"{'— ' * depth}{unit.name} ({unit.agency})"


class EmployeeManager(models.Manager.from_queryset(scoped_queryset(employee="pk"))):
    def bulk_create(self, objs, *args, **kwargs):
        """Bulk-created staff get the first period of their placement history too (seeds, benches)."""
        created = super().bulk_create(objs, *args, **kwargs)
        EmployeePlacement.objects.bulk_create(
            [EmployeePlacement.first_of(e) for e in created if e.pk is not None], batch_size=kwargs.get("batch_size"),
        )
        return created


class Employee(models.Model):
    """A member of staff. `agency`, `unit` and `employment_type` are the *current* placement,
    copied from the last EmployeePlacement (see agencies/placements.py); every check and
    count reads the placement that held on its own day."""

    objects = EmployeeManager()

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="employees")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employees")
    nip = models.CharField("NIP", max_length=18, unique=True, null=True, blank=True)
    nik = models.CharField("NIK", max_length=16, unique=True, null=True, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=8, choices=EmploymentType.choices)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    domicile_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("domisili")
    )
    domicile_address = models.CharField(_("alamat domisili"), max_length=255, blank=True)
    email = models.EmailField(blank=True)
    active_from = models.DateField(_("aktif sejak"))
    active_until = models.DateField(_("aktif sampai"), null=True, blank=True)
    user = models.OneToOneField(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="employee"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [models.Index(fields=["agency", "unit"]), models.Index(fields=["unit", "employment_type"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(employment_type__in=[c.value for c in EmploymentType]), name="employee_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(employment_type="NON_ASN", nik__isnull=False) | (~Q(employment_type="NON_ASN") & Q(nip__isnull=False)),
                name="employee_identifier_present",
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=models.F("active_from")),
                name="employee_active_period_order",
            ),
            # The structure (embedded dates, gender digit) is checked by clean(); the length the database holds.
            models.CheckConstraint(condition=Q(nip__isnull=True) | Q(Exact(Length("nip"), 18)), name="employee_nip_18_chars"),
            models.CheckConstraint(condition=Q(nik__isnull=True) | Q(Exact(Length("nik"), 16)), name="employee_nik_16_chars"),
        ]

    def __str__(self):
        return f"{self.name} ({self.identifier})"

    @property
    def identifier(self) -> str:
        return self.nip or self.nik or ""

    def clean(self):
        errors = {}
        if self.employment_type in ASN_TYPES:
            if not self.nip:
                errors["nip"] = _("Pegawai ASN wajib punya NIP.")
            else:
                try:
                    validate_nip(self.nip, employment_type=self.employment_type)
                except ValidationError as exc:
                    errors["nip"] = exc.messages
        elif self.employment_type == EmploymentType.NON_ASN:
            if self.nip:
                errors["nip"] = _("Pegawai non-ASN tidak punya NIP.")
            if not self.nik:
                errors["nik"] = _("Pegawai non-ASN dicatat dengan NIK.")
        if self.nik and "nik" not in errors:
            try:
                validate_nik(self.nik)
            except ValidationError as exc:
                errors["nik"] = exc.messages
        if self.active_until and self.active_from and self.active_until < self.active_from:
            errors["active_until"] = _("Tanggal akhir aktif tidak boleh sebelum tanggal mulai.")
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            errors["unit"] = _("Unit harus dari instansi pegawai.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)

    def save(self, *args, **kwargs):
        from .placements import placements_sync

        super().save(*args, **kwargs)
        placements_sync(self)


class EmployeePlacement(models.Model):
    """One period of an employee's placement (unit, agency, employment type), from `valid_from`
    to `valid_until` inclusive (NULL: still). An employee's periods do not overlap and together
    cover exactly the active period; a move (mutasi) ends one and starts the next."""

    objects = scoped_manager()

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="placements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=8, choices=EmploymentType.choices)
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["employee_id", "valid_from"]
        verbose_name = _("penempatan pegawai")
        verbose_name_plural = _("riwayat penempatan pegawai")
        indexes = [models.Index(fields=["unit", "valid_from"]), models.Index(fields=["agency", "valid_from"])]
        # Overlap itself is refused by agencies.placements (both databases lack a portable
        # exclusion constraint); what the databases can hold, they hold.
        constraints = [
            models.UniqueConstraint(fields=["employee", "valid_from"], name="placement_one_start_per_day"),
            models.UniqueConstraint(
                fields=["employee"], condition=Q(valid_until__isnull=True), name="placement_one_open_period"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="placement_period_order",
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=[c.value for c in EmploymentType]), name="placement_type_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.unit_id} {self.valid_from}–{self.valid_until or ''}"

    @classmethod
    def first_of(cls, employee: Employee) -> "EmployeePlacement":
        return cls(
            employee_id=employee.pk, agency_id=employee.agency_id, unit_id=employee.unit_id,
            employment_type=employee.employment_type, valid_from=employee.active_from, valid_until=employee.active_until,
        )

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class User(AbstractUser):
    """A login. Roles come from RoleAssignment rows; a user may hold several."""

    preferred_language = models.CharField(max_length=5, blank=True, choices=[("id", "Bahasa Indonesia"), ("en", "English")])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def save(self, *args, **kwargs):
        """A new password, however it was set (own form, admin, reset, `changepassword`), ends
        every API token; sessions end by themselves (Django signs them with the password hash)."""
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()


class Role(models.TextChoices):
    HR_OFFICER = "hr_officer", _("Pengelola kepegawaian")
    UNIT_HEAD = "unit_head", _("Kepala unit")
    INSPECTOR = "inspector", _("Inspektorat")
    EMPLOYEE = "employee", _("Pegawai")
    POLICY_ADMIN = "policy_admin", _("Administrator kebijakan")


class RoleAssignment(models.Model):
    """One role with its scope: HR/policy admin -> agency; unit head -> unit subtree;
    inspector -> an agency or a region; employee -> the linked Employee."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    acting = models.BooleanField(_("pelaksana tugas (Plt.)"), default=False)
    can_edit_roster = models.BooleanField(
        default=False, help_text=_("Kepala unit yang juga boleh mengubah jadwal kerja unitnya.")
    )

    class Meta:
        verbose_name = _("peran")
        verbose_name_plural = _("peran")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=[c.value for c in Role]), name="role_valid"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=["hr_officer", "policy_admin"], agency__isnull=False, unit__isnull=True, region__isnull=True)
                    | Q(role="unit_head", unit__isnull=False, region__isnull=True)
                    | Q(role="inspector", unit__isnull=True) & (Q(agency__isnull=False, region__isnull=True) | Q(agency__isnull=True, region__isnull=False))
                    | Q(role="employee", unit__isnull=True, region__isnull=True)
                ),
                name="role_scope_shape",
            ),
        ]

    def __str__(self):
        target = self.unit or self.agency or self.region or ""
        return f"{self.get_role_display()} {target}".strip()


class AuditEvent(models.Model):
    """Append-only record of a change: who, when, from where, before and after."""

    class Interface(models.TextChoices):
        WEB = "web", _("Aplikasi web")
        API = "api", "API"
        IMPORT = "import", _("Impor berkas")
        WORKER = "worker", _("Proses latar")
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Perintah operator")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    interface = models.CharField(max_length=10, choices=Interface.choices)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    # Served by the (agency, at) and (unit, at) indexes below; a second index each would only slow inserts.
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    summary = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["agency", "at"]),
            models.Index(fields=["unit", "at"]),
        ]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events cannot be deleted.")


class Notification(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=255)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
