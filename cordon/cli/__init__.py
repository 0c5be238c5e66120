"""Command-line interface (typer + rich): `cordon lists ...`, `cordon show`, `cordon serve`."""
