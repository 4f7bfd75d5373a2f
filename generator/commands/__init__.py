"""One module per command of `reportsite`. A command only orchestrates: it calls the stages in order."""
