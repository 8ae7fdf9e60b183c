"""Figures for people who compare: the quarterly bulletin and the home page overview."""
