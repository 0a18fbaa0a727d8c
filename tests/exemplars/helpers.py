def exemplar(unit, **extra):
    from tdkt.exemplars.models import Exemplar

    fields = {"kind": "collective", "name": unit.name, "title": f"Mô hình hay của {unit.code}",
              "achievement": "Giải quyết hồ sơ đúng hạn 100%.", "year": 2025, "source": "unit"}
    fields.update(extra)
    return Exemplar.objects.create(unit=unit, **fields)
