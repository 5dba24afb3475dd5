"""Circulars (Surat Edaran), their rules and obligations, the holiday calendar, findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import ASN_TYPES, Agency, EmploymentType, Region, ServiceCategory, Unit
from agencies.querysets import scoped_manager
from rosterhub import date_bounds


class CircularStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    REVOKED = "revoked", _("Dicabut")


class CircularScopeKind(models.TextChoices):
    NATIONAL = "national", _("Nasional")
    REGIONS = "regions", _("Instansi berkedudukan di wilayah tertentu")
    AGENCIES = "agencies", _("Instansi tertentu")


class Circular(models.Model):
    Status = CircularStatus

    ScopeKind = CircularScopeKind

    number = models.CharField(_("nomor"), max_length=80)
    title = models.CharField(_("judul"), max_length=300)
    issuer = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="issued_circulars", verbose_name=_("penerbit"))
    signed_on = models.DateField(_("tanggal ditetapkan"))
    document_url = models.URLField(_("tautan dokumen"), blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    based_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="implementations", verbose_name=_("berdasarkan")
    )
    amends = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="amended_by", verbose_name=_("mengubah")
    )
    supersedes = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="superseded_by", verbose_name=_("menggantikan")
    )
    scope_kind = models.CharField(_("cakupan"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.NATIONAL)
    scope_regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("wilayah cakupan"))
    scope_agencies = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("instansi cakupan"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("surat edaran")
        verbose_name_plural = _("surat edaran")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="circular_number_unique_per_issuer"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in CircularStatus]), name="circular_status_valid"),
            models.CheckConstraint(condition=Q(scope_kind__in=[c.value for c in CircularScopeKind]), name="circular_scope_valid"),
        ]

    def __str__(self):
        return f"SE {self.number}"


def default_counted_types():
    return [EmploymentType.PNS.value, EmploymentType.CPNS.value, EmploymentType.PPPK.value]


class RuleBasis(models.TextChoices):
    HEADCOUNT = "headcount", _("Jumlah pegawai")
    SCHEDULED = "scheduled", _("Pegawai yang dijadwalkan bekerja")


class CountedLocations(models.TextChoices):
    """Which roster locations a rule's cap counts: SE 1/2024 caps WFH; SE 2/2025 and 2/2026 cap WFH and WFA together."""

    WFH = "WFH", _("WFH saja")
    WFH_WFA = "WFH_WFA", _("WFH dan WFA bersama")


class Rule(models.Model):
    """One arrangement of a circular: dates (or, standing, a start and weekdays with no end),
    categories covered, counted staff and locations, and the cap (or none: set by the agency head)."""

    Basis = RuleBasis
    Counted = CountedLocations

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="rules")
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosong: berlaku terus (pengaturan tetap)."))
    weekdays = models.CharField(
        _("hari"), max_length=7, blank=True, default="",
        help_text=_("Hari ISO yang dicakup, mis. 5 untuk Jumat; kosong: setiap hari dalam rentang."),
    )
    categories = models.JSONField(_("kategori layanan"), default=list)
    employment_types = models.JSONField(
        _("jenis pegawai yang dihitung"), default=default_counted_types,
        help_text=_("Bawaan: PNS, CPNS dan PPPK (pegawai ASN; CPNS adalah ASN dalam masa percobaan)."),
    )
    wfh_cap_percent = models.PositiveSmallIntegerField(
        _("batas WFH (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)], null=True, blank=True,
        help_text=_("0 berarti WFO 100%. Kosong: proporsi ditetapkan pimpinan instansi."),
    )
    counted_locations = models.CharField(
        _("lokasi yang dibatasi"), max_length=8, choices=CountedLocations.choices, default=CountedLocations.WFH
    )
    basis = models.CharField(_("dasar perhitungan"), max_length=10, choices=Basis.choices, default=Basis.HEADCOUNT)
    domicile_required = models.BooleanField(_("WFH wajib di domisili"), default=False)
    binds_every_day = models.BooleanField(_("berlaku juga pada hari libur"), default=False)

    class Meta:
        ordering = ["circular_id", "start_date", "id"]
        verbose_name = _("ketentuan")
        verbose_name_plural = _("ketentuan")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__lte=models.F("end_date")), name="rule_date_range_order"
            ),
            models.CheckConstraint(
                condition=Q(counted_locations__in=[c.value for c in CountedLocations]), name="rule_counted_locations_valid"
            ),
            models.CheckConstraint(condition=Q(wfh_cap_percent__gte=0, wfh_cap_percent__lte=100), name="rule_cap_0_100"),
            models.CheckConstraint(condition=Q(basis__in=[c.value for c in RuleBasis]), name="rule_basis_valid"),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    @property
    def cap_text(self) -> str:
        """ "WFO 100%" or "maks. 50% WFH", worded once in policies.compliance.rules.cap_text."""
        from .compliance.rules import cap_text

        return cap_text(self.wfh_cap_percent, counts_wfa=self.counted_locations == CountedLocations.WFH_WFA)

    def __str__(self):
        return f"{self.circular}: {self.description or self.start_date}"

    @property
    def categories_label(self) -> str:
        from .category_presets import categories_label

        return categories_label(self.categories)

    @property
    def employment_types_label(self) -> str:
        from .category_presets import employment_types_label

        return employment_types_label(self.employment_types)

    def clean(self):
        errors = {}
        valid_categories = {c.value for c in ServiceCategory}
        if not self.categories:
            errors["categories"] = _("Pilih minimal satu kategori layanan.")
        elif not set(self.categories) <= valid_categories:
            errors["categories"] = _("Kategori tidak dikenal: %(bad)s") % {
                "bad": ", ".join(sorted(set(self.categories) - valid_categories))
            }
        valid_types = {c.value for c in EmploymentType}
        if not self.employment_types or not set(self.employment_types) <= valid_types:
            errors["employment_types"] = _("Jenis pegawai tidak valid.")
        if self.weekdays and not (set(self.weekdays) <= set("1234567")):
            errors["weekdays"] = _("Hari ditulis dengan angka 1 (Senin) sampai 7 (Minggu).")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        elif self.start_date and self.end_date:
            try:  # a typo (2204 for 2024) would otherwise publish centuries of findings
                date_bounds.validate_span(self.start_date, self.end_date)
            except ValidationError as exc:
                errors["end_date"] = exc.messages[0]
        if self.wfh_cap_percent is not None and not 0 <= self.wfh_cap_percent <= 100:
            errors["wfh_cap_percent"] = _("Persentase harus antara 0 dan 100.")
        if errors:
            raise ValidationError(errors)


class Obligation(models.Model):
    """A duty the circular puts on agencies (monitor targets, publish service standards, …)."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="obligations")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("kewajiban"))

    class Meta:
        ordering = ["circular_id", "order", "id"]
        verbose_name = _("kewajiban")
        verbose_name_plural = _("kewajiban")


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("Libur nasional")
    COLLECTIVE_LEAVE = "collective_leave", _("Cuti bersama")
    LOCAL = "local", _("Libur daerah")


class Holiday(models.Model):
    """National holiday, cuti bersama (collective leave) or a local addition."""

    Kind = HolidayKind

    date = models.DateField(_("tanggal"), db_index=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "kind", "name"], condition=Q(region__isnull=True, agency__isnull=True),
                name="holiday_national_unique",
            ),
            models.CheckConstraint(condition=Q(kind__in=[c.value for c in HolidayKind]), name="holiday_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="local") | Q(region__isnull=False) | Q(agency__isnull=False),
                name="holiday_local_has_place",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.name}"


class FindingKind(models.TextChoices):
    WFH_OVER_CAP = "wfh_over_cap", _("WFH melebihi batas")
    WFH_IN_WFO_UNIT = "wfh_in_wfo_unit", _("WFH di unit WFO 100%")
    WFH_ON_OFFICE_DAY = "wfh_on_office_day", _("WFH pada hari wajib masuk kantor")
    WFH_AWAY_FROM_DOMICILE = "wfh_away_from_domicile", _("WFH di luar domisili")
    WFH_LOCATION_UNKNOWN = "wfh_location_unknown", _("Lokasi WFH tidak diketahui")
    PROPORTION_NOT_SET = "proportion_not_set", _("Proporsi belum ditetapkan")
    MISSING_ROSTER = "missing_roster", _("Jadwal kerja tidak diisi")
    ATTENDANCE_MISMATCH = "attendance_mismatch", _("Kehadiran tidak sesuai jadwal")


# The kinds that say "more WFH than the binding cap allows" (dashboards count their days).
CAP_FINDING_KINDS = (FindingKind.WFH_OVER_CAP, FindingKind.WFH_IN_WFO_UNIT, FindingKind.WFH_ON_OFFICE_DAY)


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    ACKNOWLEDGED = "acknowledged", _("Diakui")
    RESOLVED = "resolved", _("Selesai")


class Finding(models.Model):
    """A compliance verdict that a unit broke a circular on a day. One per unit, day and kind."""

    objects = scoped_manager(employee=None)

    Kind = FindingKind

    Status = FindingStatus

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="findings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="findings")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="findings", verbose_name=_("ketentuan yang mengikat"))
    circulars = models.ManyToManyField(Circular, related_name="findings", verbose_name=_("surat edaran yang berlaku"))
    measured = models.IntegerField(_("terukur"))
    limit = models.IntegerField(_("batas"))
    basis_count = models.IntegerField(_("dasar"), default=0)
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    closed_automatically = models.BooleanField(default=False)
    first_found_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # services.verdict_digest of rule, counts, details and circulars as the last check wrote them
    digest = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "agency_id", "unit_id", "kind"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "date", "kind"], name="finding_one_per_unit_day_kind"),
            models.CheckConstraint(condition=Q(kind__in=[c.value for c in FindingKind]), name="finding_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=[c.value for c in FindingStatus]), name="finding_status_valid"),
        ]
        indexes = [
            models.Index(fields=["agency", "date", "status"]),
            models.Index(fields=["date", "status"]),
        ]

    def __str__(self):
        return f"{self.unit} {self.date} {self.kind_text}"

    @property
    def kind_text(self) -> str:
        """The kind as people read it: a cap that counts WFH and WFA together (PermenPANRB 4/2025) says so."""
        if self.kind == FindingKind.WFH_OVER_CAP and (self.details or {}).get("counts_wfa"):
            return str(_("WFH+WFA melebihi batas"))
        return self.get_kind_display()


class FindingNote(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("catatan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class PendingCheck(models.Model):
    """A unit and day waiting for a debounced re-check; a burst of roster edits leaves one row."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    requested_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="pending_check_one_per_unit_day")]


class PendingRangeCheck(models.Model):
    """A chunk of units to check over a range of days (a publication, a revocation, the nightly check),
    written in the transaction that asks for it and deleted when its check commits; the sweep re-sends
    a chunk whose task was lost."""

    unit_ids = models.JSONField()
    start = models.DateField()
    end = models.DateField()
    requested_at = models.DateTimeField(db_index=True)


__all__ = [
    "ASN_TYPES", "Circular", "Finding", "FindingNote", "Holiday", "Obligation", "PendingCheck", "PendingRangeCheck",
    "Rule", "Unit",
]
