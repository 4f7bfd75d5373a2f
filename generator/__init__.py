"""reportsite: turn periodic performance reports kept as YAML into a bilingual static site."""
