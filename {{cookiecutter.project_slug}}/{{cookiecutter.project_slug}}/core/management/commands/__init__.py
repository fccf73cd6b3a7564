"""The project's own commands: startapp."""
