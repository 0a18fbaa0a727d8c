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
