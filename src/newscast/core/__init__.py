"""core: what every stage shares — the frozen models passed between stages, the one error hierarchy,
atomic file writes, the worker-process pool, dates and word counts. Imports nothing of newscast.
"""
