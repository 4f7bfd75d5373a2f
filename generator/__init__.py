"""reportsite: turn a quarterly performance report kept as YAML into a bilingual static site."""
