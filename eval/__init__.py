"""Evaluation: gold sets, runners and results (``make eval``)."""
