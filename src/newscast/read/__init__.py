"""read: an article as people have it -> clean blocks — bytes decoded and the format found (ingest),
blocks parsed from text, Markdown or HTML (parse, htmlblocks, pagetree, language), page furniture and
repeats removed and recorded (clean, furniture). Imports only core.
"""
