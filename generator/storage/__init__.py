"""What outlives a build: fingerprints of its inputs, the build cache, the archive of frozen periods.

Standard library only (a forbidden contract in pyproject.toml keeps it so):
`reportsite build` with nothing changed runs through here and must answer in
a fraction of a second. The pipeline's stages never import it; the commands
join the two.
"""
