"""sound: clips -> the episode's audio — mixed with pauses and music (mix), mastered to loudness
(loudness), encoded to MP3 (encode), tagged with ID3, chapters and transcripts (tags). Imports core,
voice (sentences) and settings (pauses).
"""
