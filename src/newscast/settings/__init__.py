"""settings: what the producer configures — the show (newscast.toml: feed fields, production, pauses)
and the voices folder (profiles, casting, lexicon). Imports core and voice (which engines are usable).
"""
