"""Plugin discovery, the per-app plugin manager and install state (decision 3).

*Discovered* plugins are the entry points of the group ``juwei.plugins``
(plus modules named in ``JUWEI_PLUGIN_MODULES``, which tests use). Only
*installed* plugins, recorded in the ``installed_plugin`` table by
``juwei plugins install``, are registered with an app's plugin manager, so a
plugin that is not installed adds no menu, route, API, command or table.
Core's own features are the default plugin ``core.builtin``, registered
through the same hooks (datasette's DEFAULT_PLUGINS habit).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect as pyinspect
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from sqlalchemy import func, inspect, select
from sqlalchemy import table as table_clause
from sqlalchemy.engine import Engine

from core import hookspecs
from core.extensions import db
from core.migrate import CORE, Component, downgrade, existing_tables, upgrade
from core.models.policy import InstalledPlugin, PolicyValue
from core.policy import ParameterSpec, store_defaults

ENTRY_POINT_GROUP = "juwei.plugins"
#: Core's own hook implementations, always registered, under the name "core".
DEFAULT_PLUGINS = {CORE: "core.builtin"}


class PluginError(RuntimeError):
    """A plugin operation that cannot be done; the message says why."""


class PluginHasData(PluginError):
    """Uninstall refused because the plugin's tables hold rows."""

    def __init__(self, name: str, counts: dict[str, int]) -> None:
        self.counts = counts
        listing = ", ".join(f"{table} ({rows} rows)" for table, rows in counts.items())
        super().__init__(
            f"plugin {name} still holds data: {listing}. Nothing was changed. "
            f"Back up first; `juwei plugins uninstall {name} --drop-data` drops these tables."
        )


@dataclasses.dataclass(frozen=True)
class DiscoveredPlugin:
    """A plugin found by entry point or configuration, not necessarily installed."""

    name: str
    module_name: str

    def load(self) -> ModuleType:
        """Import the plugin module (its ``plugin.py``: hook implementations only)."""
        return importlib.import_module(self.module_name)

    @property
    def package(self) -> ModuleType:
        """The plugin's package, which carries ``__version__`` and the description."""
        module = self.load()
        return importlib.import_module(module.__package__ or module.__name__)

    @property
    def version(self) -> str:
        """``__version__`` of the plugin's package."""
        return str(getattr(self.package, "__version__", "0"))

    @property
    def description(self) -> str:
        """First line of the plugin package's docstring."""
        doc = pyinspect.getdoc(self.package) or ""
        return doc.splitlines()[0] if doc else ""


def discover(extra_modules: Iterable[str] = ()) -> dict[str, DiscoveredPlugin]:
    """Every plugin this installation can see, by name."""
    found = {
        ep.name: DiscoveredPlugin(ep.name, ep.value.split(":")[0])
        for ep in entry_points(group=ENTRY_POINT_GROUP)
    }
    for module_name in extra_modules:
        module_name = module_name.strip()
        if not module_name:
            continue
        module = importlib.import_module(module_name)
        name = getattr(module, "PLUGIN_NAME", None) or module_name.rsplit(".", 2)[-2]
        found[name] = DiscoveredPlugin(name, module_name)
    return dict(sorted(found.items()))


def installed_names(engine: Engine) -> list[str]:
    """Names recorded as installed in this database (none before the first upgrade)."""
    if not inspect(engine).has_table(InstalledPlugin.__tablename__):
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            select(InstalledPlugin.name).order_by(InstalledPlugin.created_at)
        ).scalars()
        return list(rows)


def new_manager() -> pluggy.PluginManager:
    """A fresh manager with the specs and core's default plugin (one per app)."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for name, module_name in DEFAULT_PLUGINS.items():
        manager.register(importlib.import_module(module_name), name=name)
    return manager


def call_for(manager: pluggy.PluginManager, hook: str, plugin: str, **kwargs: Any) -> Any:
    """Call one plugin's implementation of ``hook``; None if it has none."""
    caller = getattr(manager.hook, hook)
    for impl in caller.get_hookimpls():
        if impl.plugin_name == plugin:
            function: Callable[..., Any] = impl.function
            accepted = {k: v for k, v in kwargs.items() if k in impl.argnames}
            return function(**accepted)
    return None


def component_of(manager: pluggy.PluginManager, name: str) -> Component | None:
    """The migration component of a registered plugin (or core), None if it has no tables."""
    directory = call_for(manager, "juwei_migrations_dir", name)
    if directory is None:
        return None
    models = call_for(manager, "juwei_models", name) or []
    tables = frozenset(model.__tablename__ for model in models)
    return Component(name=name, directory=Path(directory), tables=tables)


def parameters_of(manager: pluggy.PluginManager, name: str) -> list[ParameterSpec]:
    """The policy parameters a registered plugin declares."""
    return list(call_for(manager, "juwei_policy_parameters", name) or [])


def _manager_with(plugin: DiscoveredPlugin) -> pluggy.PluginManager:
    manager = new_manager()
    manager.register(plugin.load(), name=plugin.name)
    return manager


def _require(discovered: dict[str, DiscoveredPlugin], name: str) -> DiscoveredPlugin:
    if name not in discovered:
        known = ", ".join(discovered) or "none"
        raise PluginError(f"unknown plugin {name!r}; discovered plugins: {known}")
    return discovered[name]


def install(discovered: dict[str, DiscoveredPlugin], name: str) -> str:
    """Install one plugin: its migrations to head, its parameter defaults, the record.

    Returns a one-line summary. Installing an installed plugin only upgrades it.
    """
    plugin = _require(discovered, name)
    manager = _manager_with(plugin)
    component = component_of(manager, name)
    if component is not None:
        upgrade(component)
    session = db.session
    added = store_defaults(session, parameters_of(manager, name))
    if session.get(InstalledPlugin, name) is None:
        session.add(InstalledPlugin(name=name, version=plugin.version))
    session.commit()
    tables = len(component.tables) if component else 0
    return f"installed {name} {plugin.version}: {tables} tables, {added} policy defaults stored"


def row_counts(component: Component) -> dict[str, int]:
    """Rows in each existing table of ``component``."""
    counts = {}
    with db.engine.connect() as connection:
        for name in existing_tables(component):
            stmt = select(func.count()).select_from(table_clause(name))
            counts[name] = int(connection.execute(stmt).scalar_one())
    return counts


def uninstall(discovered: dict[str, DiscoveredPlugin], name: str, drop_data: bool = False) -> str:
    """Uninstall one plugin; refuses (``PluginHasData``) while its tables hold rows."""
    plugin = _require(discovered, name)
    session = db.session
    if session.get(InstalledPlugin, name) is None:
        raise PluginError(f"plugin {name} is not installed")
    manager = _manager_with(plugin)
    component = component_of(manager, name)
    if component is not None:
        counts = {table: rows for table, rows in row_counts(component).items() if rows}
        if counts and not drop_data:
            raise PluginHasData(name, counts)
        downgrade(component, "base")
    # Deleted through the ORM, one by one, so the audit trail records each row.
    for value in session.scalars(select(PolicyValue).where(PolicyValue.key.startswith(f"{name}."))):
        session.delete(value)
    session.delete(session.get(InstalledPlugin, name))
    session.commit()
    return f"uninstalled {name}"
