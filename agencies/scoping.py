"""The one door for "what may this user see or change".

Every view, export, API endpoint and task asks `scope_for(user)`, then a named question of
the returned Scope (`scope.can_edit_roster(unit)`, `scope.is_hr_officer`, …) or filters rows
with `Model.objects.visible_to(scope)` (each model declares its scope fields once, see
agencies/querysets.py). Nothing outside this module reads the role id sets. Roles and their reach:

- HR officer (pengelola kepegawaian): one agency, read and write.
- Unit head (kepala unit, or Plt.): a unit and its sub-units, read; decides WFH requests.
- Inspector (Inspektorat): listed agencies, or every agency seated in a region, read.
- Employee: their own record.
- Policy administrator: circulars issued by their agency.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Agency, Employee, Role, RoleAssignment, Unit, region_code_within


@dataclass(frozen=True)
class Scope:
    is_superuser: bool = False
    hr_agency_ids: frozenset[int] = frozenset()
    inspector_agency_ids: frozenset[int] = frozenset()
    policy_agency_ids: frozenset[int] = frozenset()
    head_unit_paths: tuple[str, ...] = ()
    roster_editor_unit_paths: tuple[str, ...] = ()
    employee_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    # -- what can be read -------------------------------------------------
    @property
    def readable_agency_ids(self) -> frozenset[int]:
        return self.hr_agency_ids | self.inspector_agency_ids

    def q(self, *, agency: str = "agency_id", unit_path: str | None = "unit__path", employee: str | None = "employee_id") -> Q:
        """A filter for any row that carries an agency, a unit and/or an employee.

        Pass the field names as the row's model spells them, e.g. for Unit:
        `q(agency="agency_id", unit_path="path", employee=None)`.
        """
        if self.is_superuser:
            return Q()
        condition = Q(**{f"{agency}__in": self.readable_agency_ids}) if self.readable_agency_ids else Q(pk__in=[])
        if unit_path:
            for path in self.head_unit_paths:
                condition |= Q(**{f"{unit_path}__startswith": path})
        if employee and self.employee_id:
            condition |= Q(**{employee: self.employee_id})
        return condition

    def agencies(self) -> QuerySet[Agency]:
        qs = Agency.objects.select_related("seat_region")
        if self.is_superuser:
            return qs
        head_agencies = Unit.objects.filter(self._paths_q("path", self.head_unit_paths)).values("agency_id")
        own = Employee.objects.filter(pk=self.employee_id).values("agency_id")
        return qs.filter(Q(pk__in=self.readable_agency_ids) | Q(pk__in=head_agencies) | Q(pk__in=own))

    def units(self) -> QuerySet[Unit]:
        return Unit.objects.visible_to(self)

    def employees(self) -> QuerySet[Employee]:
        return Employee.objects.visible_to(self)

    # -- what can be changed ----------------------------------------------
    def can_edit_roster(self, unit: Unit) -> bool:
        return (
            self.is_superuser
            or unit.agency_id in self.hr_agency_ids
            or any(unit.path.startswith(p) for p in self.roster_editor_unit_paths)
        )

    def can_read_unit(self, unit: Unit) -> bool:
        return (
            self.is_superuser
            or unit.agency_id in self.readable_agency_ids
            or any(unit.path.startswith(p) for p in self.head_unit_paths)
        )

    def can_decide_wfh(self, unit: Unit) -> bool:
        return self.is_superuser or any(unit.path.startswith(p) for p in self.head_unit_paths)

    def can_review_findings(self, agency_id: int) -> bool:
        return self.is_superuser or agency_id in self.inspector_agency_ids or agency_id in self.hr_agency_ids

    def can_manage_employees(self, agency_id: int) -> bool:
        """HR officers keep their own agency's employees current (create, edit, end)."""
        return self.is_superuser or agency_id in self.hr_agency_ids

    def employee_units(self) -> QuerySet[Unit]:
        """Units whose staff this user may create, edit or end."""
        qs = Unit.objects.all()
        return qs if self.is_superuser else qs.filter(agency_id__in=self.hr_agency_ids)

    def managed_employees(self) -> QuerySet[Employee]:
        qs = Employee.objects.all()
        return qs if self.is_superuser else qs.filter(agency_id__in=self.hr_agency_ids)

    # -- issuing circulars (policies.authority decides what an issuer may bind) ----------
    def can_issue_for(self, agency_id: int) -> bool:
        """Policy administrators act only for their own issuer."""
        return self.is_superuser or agency_id in self.policy_agency_ids

    def issuers(self) -> QuerySet[Agency]:
        """The agencies this user may issue circulars for."""
        qs = Agency.objects.select_related("seat_region")
        return qs if self.is_superuser else qs.filter(pk__in=self.policy_agency_ids)

    # -- named questions: what a role holder may do at all, and which rows it reaches ------
    @property
    def is_hr_officer(self) -> bool:
        """HR officer of some agency (or superuser): the Pegawai, import and roll-call screens."""
        return self.is_superuser or bool(self.hr_agency_ids)

    @property
    def is_inspector(self) -> bool:
        return self.is_superuser or bool(self.inspector_agency_ids)

    @property
    def is_unit_head(self) -> bool:
        """Decides WFH requests for some unit (or superuser)."""
        return self.is_superuser or bool(self.head_unit_paths)

    @property
    def is_policy_admin(self) -> bool:
        return self.is_superuser or bool(self.policy_agency_ids)

    @property
    def sole_hr_agency_id(self) -> int | None:
        """The agency an HR officer of exactly one agency works for (API calls may omit it)."""
        return next(iter(self.hr_agency_ids)) if len(self.hr_agency_ids) == 1 else None

    def hr_agencies(self) -> QuerySet[Agency]:
        """The agencies whose staff, imports and roll calls this user manages."""
        qs = Agency.objects.select_related("seat_region")
        return qs if self.is_superuser else qs.filter(pk__in=self.hr_agency_ids)

    def inspected_agencies(self) -> QuerySet[Agency]:
        qs = Agency.objects.all()
        return qs if self.is_superuser else qs.filter(pk__in=self.inspector_agency_ids)

    def hr_q(self, agency: str = "agency_id") -> Q:
        """Rows of the agencies this user manages as HR officer."""
        return Q() if self.is_superuser else Q(**{f"{agency}__in": self.hr_agency_ids})

    def inspected_q(self, agency: str = "agency_id") -> Q:
        return Q() if self.is_superuser else Q(**{f"{agency}__in": self.inspector_agency_ids})

    def decidable_q(self, unit_path: str = "unit__path") -> Q:
        """Rows of the units (and sub-units) whose WFH requests this user decides."""
        return Q() if self.is_superuser else self._paths_q(unit_path, self.head_unit_paths)

    def circulars_visible_q(self, issuer: str = "issuer_id", status: str = "status") -> Q:
        """Published and revoked circulars are public; drafts only for their issuer's policy admins."""
        if self.is_superuser:
            return Q()
        return ~Q(**{status: "draft"}) | Q(**{f"{issuer}__in": self.policy_agency_ids})

    def can_correct_attendance(self, agency_id: int) -> bool:
        """HR officers correct their own agency's attendance records."""
        return self.is_superuser or agency_id in self.hr_agency_ids

    def can_submit_wfh_for(self, employee: Employee) -> bool:
        """One's own request, or any employee of an agency where one is HR officer."""
        return self.is_superuser or self.employee_id == employee.pk or employee.agency_id in self.hr_agency_ids

    def can_cancel_wfh(self, request, user) -> bool:
        """The employee, whoever submitted the request, or an HR officer of its agency."""
        return (
            self.is_superuser or (self.employee_id is not None and self.employee_id == request.employee_id)
            or request.submitted_by_id == getattr(user, "pk", None) or request.agency_id in self.hr_agency_ids
        )

    def can_manage_units(self, agency_id: int) -> bool:
        """HR officers keep their own agency's units current (create, rename, category, head, Plt.)."""
        return self.is_superuser or agency_id in self.hr_agency_ids

    def managed_units(self) -> QuerySet[Unit]:
        """Units this user may edit, and the agencies' units a new one may hang under."""
        qs = Unit.objects.all()
        return qs if self.is_superuser else qs.filter(agency_id__in=self.hr_agency_ids)

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.roles

    @property
    def is_only_employee(self) -> bool:
        """An employee with no other role: the unit-wide pages send them to their own ("Jadwal saya")."""
        return not self.is_superuser and self.employee_id is not None and self.roles <= {Role.EMPLOYEE}

    @staticmethod
    def _paths_q(field_name: str, paths) -> Q:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(**{f"{field_name}__startswith": path})
        return condition


EMPTY_SCOPE = Scope()


def scope_for(user) -> Scope:
    """Build the user's scope with two queries; cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_rosterhub_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(is_superuser=True, roles=frozenset(Role.values))
    else:
        scope = _build_scope(user)
    user._rosterhub_scope = scope
    return scope


def _build_scope(user) -> Scope:
    assignments = list(RoleAssignment.objects.filter(user=user).select_related("unit", "region"))
    hr, inspector, policy = set(), set(), set()
    head_paths, editor_paths, roles = [], [], set()
    inspector_regions = []
    for a in assignments:
        roles.add(a.role)
        if a.role == Role.HR_OFFICER:
            hr.add(a.agency_id)
        elif a.role == Role.POLICY_ADMIN:
            policy.add(a.agency_id)
        elif a.role == Role.UNIT_HEAD:
            head_paths.append(a.unit.path)
            if a.can_edit_roster:
                editor_paths.append(a.unit.path)
        elif a.role == Role.INSPECTOR:
            if a.agency_id:
                inspector.add(a.agency_id)
            else:
                inspector_regions.append(a.region.code)
    if inspector_regions:
        for agency_id, code in Agency.objects.values_list("id", "seat_region__code"):
            if any(region_code_within(code, r) for r in inspector_regions):
                inspector.add(agency_id)
    employee_id = Employee.objects.filter(user=user).values_list("pk", flat=True).first()
    if employee_id:
        roles.add(Role.EMPLOYEE)
    return Scope(
        hr_agency_ids=frozenset(hr),
        inspector_agency_ids=frozenset(inspector),
        policy_agency_ids=frozenset(policy),
        head_unit_paths=tuple(head_paths),
        roster_editor_unit_paths=tuple(editor_paths),
        employee_id=employee_id,
        roles=frozenset(roles),
    )
