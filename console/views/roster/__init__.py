"""The agent roster page's tabs (pages/roster.py): one module per tab, small render functions."""
