"""Leader case packages (领导包案): the list of packaged matters, office roles.
Body: `console/views/queue/packaged.py`; rules: `core.cases.package`."""

from console import runtime
from console.views.queue import packaged

packaged.render(runtime.require_page("packaged"))
