"""Time limits: the working-day calendar, the rules, each matter's clocks and their colours, the
supervisors' board and lists, supervision notices and extensions, the daily digest.
"""
