"""Petition matters from registration to archive: intake, repeats, triage, routing, the workflow
and its event log, the assignment queue, the matter record, printed notices, the public progress
lookup.
"""
