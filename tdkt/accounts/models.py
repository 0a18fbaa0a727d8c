from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A login. What the user may see and do comes from their role assignments."""

    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        verbose_name="hồ sơ cán bộ",
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """The name in Vietnamese order ("Nguyễn Thị Hiền", never "Hiền Nguyễn Thị").

        The linked staff record's full name when it is already loaded (select_related), else
        the account's own family and middle names (`last_name`) before its given name
        (`first_name`), which are copied from the staff record when the account is linked
        (`set_full_name`). No query either way, so lists of actors stay set-based."""
        if self.person_id and "person" in self._state.fields_cache and self.person:
            return self.person.full_name
        return " ".join(f"{self.last_name} {self.first_name}".split())

    def set_full_name(self, full_name: str) -> None:
        """Store a name written in Vietnamese order: the last word is the given name."""
        from tdkt.core.text import normalise_name

        *family, given = normalise_name(full_name).split() or [""]
        self.last_name, self.first_name = " ".join(family), given

    def get_short_name(self):
        """The given name, as Vietnamese colleagues address each other."""
        return self.first_name or self.get_full_name()

    @property
    def sort_key(self):
        from tdkt.core.text import vietnamese_sort_key

        return vietnamese_sort_key(self.get_full_name() or self.username)


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    EMULATION_DEPT = "emulation_dept", "Thường trực Hội đồng TĐKT (Vụ TCCB)"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng TĐKT"
    UNIT_OFFICER = "unit_officer", "Cán bộ làm công tác TĐKT của đơn vị"
    UNIT_HEAD = "unit_head", "Thủ trưởng đơn vị"
    STAFF = "staff", "Cán bộ, công chức, viên chức"


# Roles that may create or change records in their scope. The others read only
# (council members vote and unit heads approve through their own workflow steps).
WRITE_ROLES = frozenset({Role.ADMIN, Role.EMULATION_DEPT, Role.UNIT_OFFICER})
# Roles that see personal data (identification number, date of birth) of others.
PERSONAL_DATA_ROLES = frozenset(
    {Role.ADMIN, Role.EMULATION_DEPT, Role.UNIT_OFFICER, Role.UNIT_HEAD}
)
# Roles whose grant reaches only the user's own person in a person's records (the person,
# history, nominations and their attachments, eligibility results): a staff member reads
# the unit's pages but never a colleague's records. Models declare `person_field`.
SELF_ONLY_ROLES = frozenset({Role.STAFF})


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name="phạm vi (đơn vị và cấp dưới)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="uniq_role_assignment")
        ]
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit.code}"
