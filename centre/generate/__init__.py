"""Bulk generation of realistic, deterministic data at centre, city or nation scale.

The core generates organisations, venues, rooms, staff, children, guardians and consents
(core.py); each area adds its records in `<app>/generate.py` with `generate(gen)`. Rows are
named (`table_row(Model)`: a namedtuple of the model's columns) and go in with COPY
(`gen.copy(Model, rows)`, which fails on a column missing or foreign to the model); ids are
reserved from each table's sequence, and every reserved id range is recorded in
GeneratedRange so that `--replace` removes exactly what was generated, nothing else.
"""

from centre.generate.core import generate_children, generate_core
from centre.generate.generator import SCALES, Generator, Scale, remove_generated, table_row

__all__ = [
    "SCALES",
    "Generator",
    "Scale",
    "generate_children",
    "generate_core",
    "remove_generated",
    "table_row",
]
