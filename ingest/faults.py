"""The fault points live in ``kb.faults`` (a delete in ``kb`` has one too); named here for ingest's imports."""

from kb.faults import POINTS, crash_point, pause_point

__all__ = ["POINTS", "crash_point", "pause_point"]
