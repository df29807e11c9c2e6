"""voice: speech — the TTS engines behind one base class (engines/), clips spoken per sentence and
cached by content (speak), sentence splitting, and the Kokoro voice-pack install. Imports only core.
"""
