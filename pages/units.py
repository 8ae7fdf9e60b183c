"""Handling units (issue 13, administrators): add, rename, deactivate, their liaisons.
Body: `console/views/admin/units.py`; rules: `core.admin.units`."""

from console import runtime
from console.views.admin import units

units.render(runtime.require_page("units"))
