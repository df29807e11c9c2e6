"""render: the orchestration — inputs expanded and fetched (inputs, remote), reuse keys and GUIDs (keys),
the script stage by stage (script), one episode finished (episode), progress, and the batch run
(pipeline). Imports every package below it; only cli imports it.
"""
