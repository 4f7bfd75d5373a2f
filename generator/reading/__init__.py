"""Stages 1 and 2: read the content's YAML, keeping where each value came from, and check it into the model.

Nothing here writes a file. The rest of the pipeline sees only the typed,
checked model (`model.Report`); problems come out as `ContentProblem`s,
every one of a run together.
"""
