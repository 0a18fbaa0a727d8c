def exemplar(unit, **extra):
    from tdkt.exemplars.models import Exemplar

    fields = {"kind": "collective", "name": unit.name, "title": f"Mô hình hay của {unit.code}",
              "achievement": "Giải quyết hồ sơ đúng hạn 100%.", "year": 2025, "source": "unit"}
    fields.update(extra)
    return Exemplar.objects.create(unit=unit, **fields)


def published(unit, **extra):
    """An accepted exemplar of `unit` with its story published."""
    from django.utils import timezone

    fields = {"status": "accepted", "stage": "replicate", "story": "Câu chuyện của mô hình.",
              "published_at": timezone.now()}
    fields.update(extra)
    return exemplar(unit, **fields)


def adoption_of_b(cast):
    """A sub-unit of unit B applies a published model of unit B and has reported, with a file
    (the object of another scope for the URL walk)."""
    import datetime

    from django.core.files.base import ContentFile

    from tdkt.exemplars.models import Adoption, AdoptionFile

    found = Adoption.objects.filter(unit__path__startswith=cast.unit_b.path).first()
    if found:
        return found
    office = cast.unit_b.get_children().order_by("path").first()
    a = Adoption.objects.create(
        exemplar=published(cast.unit_b), unit=office, plan="Áp dụng tại văn phòng.",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 6, 30),
        responsible="Chánh Văn phòng", status="reported", result_text="Tốt.")
    AdoptionFile.objects.create(adoption=a, name="ket-qua.pdf",
                                file=ContentFile(b"%PDF-1.4\n% x\n", name="ket-qua.pdf"))
    return a
