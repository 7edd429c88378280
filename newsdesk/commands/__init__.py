"""CLI commands, one module per area; registered on the typer app in ``newsdesk.cli``."""
