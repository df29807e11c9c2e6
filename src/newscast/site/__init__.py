"""site: the output folder — the episode library (library), our RSS feed (feed), the episode page
(page), covers (cover), serving the folder (serve) and the maintenance commands (maintenance).
Imports core, settings and sound (the record each MP3 carries).
"""
