"""Bodies of the administration pages (users, units, places); the pages only route."""
