"""Bulk generation of realistic, deterministic data at centre, city or nation scale: seed
004's Kazakhstan (seed004.py) or the same proportions at a fraction of it.

The core generates an education authority and its territory's organisations with venues and
calendars (core.py), and at an area's request teachers with rooms and children with
guardians and consents (people.py); each area adds its records in `<app>/generate.py` with `generate(gen)`. Rows are
named (`table_row(Model)`: a namedtuple of the model's columns) and go in with COPY
(`gen.copy(Model, rows)`, which fails on a column missing or foreign to the model); ids are
reserved from each table's sequence, and every reserved id range is recorded in
GeneratedRange so that `--replace` removes exactly what was generated, nothing else.
"""

from centre.generate.core import Territory, generate_core, generate_staff
from centre.generate.generator import SCALES, Generator, Scale, remove_generated, table_row
from centre.generate.people import Children, generate_children

__all__ = [
    "SCALES",
    "Children",
    "Generator",
    "Scale",
    "Territory",
    "generate_children",
    "generate_core",
    "generate_staff",
    "remove_generated",
    "table_row",
]
