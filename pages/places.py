"""Places (issue 13, administrators): towns, villages and residential clusters, searched and
edited, and the cluster upload. Body: `console/views/admin/places.py`."""

from console import runtime
from console.views.admin import places

places.render(runtime.require_page("places"))
