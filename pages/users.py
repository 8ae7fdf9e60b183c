"""Users (issue 13, administrators): accounts, temporary passwords, roles, disable/enable,
unlock, and the change log. Body: `console/views/admin/users.py`; rules: `core.admin.users`."""

from console import runtime
from console.views.admin import users

users.render(runtime.require_page("users"))
