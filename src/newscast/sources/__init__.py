"""sources: the web — addresses checked (urls), polite bounded HTTP (fetch), RSS/Atom items read
(feeds). Imports core and read (a fetched page is decoded by read's charset rules).
"""
