"""script: clean blocks -> the Script — segments, speakers and roles, interviews (segment, speakers,
names, interview), intro/transition/outro (signposts), spoken text (normalize, readings), a voice per
segment (cast), and the editable script file (scriptfile). Imports core and settings.
"""
