"""Administration use cases: user accounts, handling units and places (issue 13).

Every function takes the acting user and calls `core.policy.require` before it writes;
every change goes to the change log (`core.history`) with who, when, old and new value.
Pages only render and call these.
"""
