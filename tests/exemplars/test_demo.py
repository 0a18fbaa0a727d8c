"""The exemplars demo (issue 17 item 7): a dozen exemplars across the stages, two published
stories with photos drawn in the demo, one model replicated by two units (one reported), one
"người tốt, việc tốt" report awaiting moderation."""

import io
import random
import sys

import pytest
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.exemplars import demo
from tdkt.exemplars.models import Adoption, Exemplar, Source
from tests.factories import make_user
from tests.movements.helpers import make_movement

pytestmark = pytest.mark.django_db


def test_demo_covers_the_stages_stories_with_photos_and_replication(
        settings, tmp_path, client):
    from PIL import Image

    from tdkt.core.management.commands.seed_demo import SeedContext

    settings.MEDIA_ROOT = tmp_path
    dept = make_user("thuongtruc", Role.EMULATION_DEPT, "BTP")
    make_user("lanhdao.stp01", Role.UNIT_HEAD, "STP-01")
    make_movement(dept, unit_codes=("STP-01", "STP-79", "STP-48"))
    ctx = SeedContext(rng=random.Random(1), scale=0.1, seed=1, stdout=sys.stdout)
    demo.seed(ctx)

    everything = Exemplar.objects.all()
    assert everything.count() == 13
    assert everything.filter(source=Source.PUBLIC, status="proposed").count() == 1
    accepted = everything.filter(status="accepted")
    assert set(accepted.values_list("stage", flat=True)) == {
        "discover", "foster", "summarise", "replicate"}
    assert set(everything.values_list("status", flat=True)) == {
        "proposed", "accepted", "declined"}
    stories = everything.filter(published_at__isnull=False)
    assert stories.count() == 2 and stories.filter(featured=True).count() == 2
    for story in stories:
        photos = list(story.evidence.filter(kind="photo", public=True))
        assert photos
        with Image.open(io.BytesIO(photos[0].file.read())) as image:
            assert image.size[0] >= 600
    model = stories.get(kind="collective")
    assert model.summary.status == "approved" and model.summary.document
    adoptions = Adoption.objects.filter(exemplar=model)
    assert adoptions.count() == 2
    assert sorted(adoptions.values_list("status", flat=True)) == ["applying", "reported"]
    assert adoptions.get(status="reported").registration is not None  # in its registration

    # what a visitor sees: both featured stories on the public home, photos on the story
    home = client.get(reverse("core:public_home")).content.decode()
    assert all(s.title in home for s in stories)
    page = client.get(reverse("exemplars_public:story", args=[model.pk])).content.decode()
    assert 'property="og:image"' in page and "Bộ phận một cửa tiếp nhận hồ sơ liên thông" in page

    demo.seed(ctx)  # idempotent
    assert Exemplar.objects.count() == 13
