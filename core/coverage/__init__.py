"""The 15-minute walk promise: coordinates and datums, the coverage engine, the coverage report,
residential-cluster import.
"""
