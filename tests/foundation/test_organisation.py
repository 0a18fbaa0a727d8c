import pytest

from tdkt.organisation.loader import read_catalogue
from tdkt.organisation.models import ClusterMembership, EmulationCluster, Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_every_unit_code_of_the_reference_file_is_kept_exactly():
    codes_in_file = {row["code"] for row in read_catalogue()["units"]}
    assert set(Unit.objects.values_list("code", flat=True)) == codes_in_file
    assert {"BTP", "STP-01", "THADS-01-NV", "THADS-79-KV20"} <= codes_in_file


def test_the_sector_has_34_justice_departments_and_34_enforcement_offices_under_the_ministry():
    btp = Unit.objects.get(code="BTP")
    stp = Unit.objects.filter(kind=UnitKind.PROVINCIAL_JUSTICE_DEPT)
    thads = Unit.objects.filter(kind=UnitKind.PROVINCIAL_ENFORCEMENT_OFFICE)
    assert stp.count() == 34 and thads.count() == 34
    assert all(btp.covers(u) for u in [*stp, *thads])
    assert Unit.objects.filter(kind=UnitKind.REGIONAL_ENFORCEMENT_OFFICE).count() == 355
    hcm = Unit.objects.get(code="THADS-79")
    assert Unit.objects.get(code="THADS-79-KV01").path[: -Unit.steplen] == hcm.path


def test_historic_units_keep_their_end_date_and_successor():
    old = Unit.objects.get(code="TCTHADS")
    assert old.is_historic and str(old.effective_to) == "2025-02-28"
    assert old.successor.code == "QLTHADS"
    assert not Unit.objects.current().filter(code="TCTHADS").exists()


def test_clusters_have_yearly_membership():
    cluster = EmulationCluster.objects.get(code="CUM-BTP-III")
    members_2026 = set(
        ClusterMembership.objects.filter(cluster=cluster, year=2026).values_list(
            "unit__code", flat=True
        )
    )
    assert members_2026 == {"PBGDPL", "BTTP", "QLTHADS", "DKBT", "HCTP", "HTQT"}


def test_a_cluster_has_at_most_one_head_per_year():
    from django.db import IntegrityError, transaction

    cluster = EmulationCluster.objects.get(code="CUM-DP-DBBB")
    first, second = ClusterMembership.objects.filter(cluster=cluster, year=2026)[:2]
    first.role = "head"
    first.save()
    second.role = "head"
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
