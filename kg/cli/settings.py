"""``kg settings``: every setting, its environment variable, default and current value."""
from __future__ import annotations

import click

from kg.core.settings import SETTINGS
from kg.cli.base import main, settings_from


@main.command("settings")
def show_settings() -> None:
    """List the settings with their environment variables and current values."""
    current = settings_from()
    for s in SETTINGS:
        value = getattr(current, s.name)
        if s.name in ("update_token", "store_auth") and value:
            value = "(set)"
        click.echo(f"{s.name:<18} {s.env:<22} {value}\n    {s.help}")
