"""The deadlines page (期限督办) in panels: board, drill-down and supervision, notices,
quarterly bulletin, rules and calendar. `pages/deadlines.py` loads the board once and
hands it to each panel."""
