"""The agents (代理员): roster and status lifecycle, field checks, search, import and export,
training, quarterly performance, the bonus ledger.
"""
