"""Bulk output: many certificates rendered in parts (in parallel worker processes when there
are many), zipped with the decision. Plain data in, bytes out; progress via a callback."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from . import certificates as cert

PART_SIZE = 50  # certificates per PDF part
PARALLEL_FROM = 100  # below this, render in this process


def _render_part(args) -> bytes:
    items, mode, layouts = args
    return cert.render_certificates(items, mode, layouts)


def workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def safe_name(text: str) -> str:
    text = re.sub(r"[\\/:*?\"<>|\n\r\t]+", " ", text).strip()
    return re.sub(r"\s+", " ", text)[:80] or "tep"


def render_groups(groups: list[tuple[str, list[cert.CertificateData]]], mode: str,
                  layouts: dict | None, progress: Callable[[int], None] | None = None,
                  parallel: bool | None = None,
                  finish: Callable[[bytes, list], bytes] | None = None
                  ) -> list[tuple[str, bytes]]:
    """[(file name, certificates)] -> [(file name.pdf, pdf bytes)], splitting big groups into
    parts of PART_SIZE. `progress(n)` is called with the number of certificates done;
    `finish(pdf, certificates)` (e.g. signing) is applied to each part in this process."""
    finish = finish or (lambda pdf, items: pdf)
    parts: list[tuple[str, list]] = []
    for name, items in groups:
        chunks = [items[i:i + PART_SIZE] for i in range(0, len(items), PART_SIZE)] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            if not chunk:
                continue
            suffix = f" - phần {n}" if len(chunks) > 1 else ""
            parts.append((f"{safe_name(name)}{suffix}.pdf", chunk))
    total = sum(len(items) for _, items in parts)
    if parallel is None:
        parallel = total >= PARALLEL_FROM and workers() > 1
    done = 0
    results: list[tuple[str, bytes]] = []
    if not parallel:
        for name, chunk in parts:
            results.append((name, finish(_render_part((chunk, mode, layouts)), chunk)))
            done += len(chunk)
            if progress:
                progress(done)
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers(), mp_context=context) as pool:
        futures = [pool.submit(_render_part, (chunk, mode, layouts)) for _, chunk in parts]
        for (name, chunk), future in zip(parts, futures, strict=True):
            results.append((name, finish(future.result(), chunk)))
            done += len(chunk)
            if progress:
                progress(done)
    return results


def zip_files(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            unique, n = name, 1
            while unique in seen:
                n += 1
                stem, dot, ext = name.rpartition(".")
                unique = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
            seen.add(unique)
            archive.writestr(unique, content)
    return out.getvalue()
