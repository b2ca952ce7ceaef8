"""How the ``hcplan`` process is set up before a command runs: what a short-lived
program over one plan can skip of Python's and pydantic's defaults.

Each setting here was measured (``make bench``) and is explained where it is
made; none changes what a command answers.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import types
from typing import Any

#: pydantic's own switch for "no plugins", and the values it accepts for "none at all".
_NO_PLUGINS = ("__all__", "1", "true")
_PLUGIN_LOADER = "pydantic.plugin._loader"


class _NoPlugins(types.ModuleType):
    """pydantic's plugin loader when its plugins are switched off.

    The real loader answers "no plugins" in that case too, but importing it
    imports ``importlib.metadata`` (and with it email parsing and zip files),
    about a twentieth of a first ``hcplan check``. This module gives the same
    answer without that, for as long as the switch says so (pydantic reads
    it at every call; so does this). Anything else asked of it, or the
    plugins once the switch says otherwise, comes from the real loader,
    loaded then and put in its place: a pydantic that changes its loader
    still works.
    """

    def get_plugins(self) -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _NO_PLUGINS:
            return ()
        return self._real().get_plugins()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module (is it a package?)
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        """pydantic's own loader, in this module's place from now on."""
        import importlib

        if sys.modules.get(_PLUGIN_LOADER) is self:
            del sys.modules[_PLUGIN_LOADER]
        return importlib.import_module(_PLUGIN_LOADER)


def no_plugin_search() -> None:
    """Stand :class:`_NoPlugins` in for pydantic's plugin loader, when the plugins are off
    and the loader is not loaded yet."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _NO_PLUGINS and _PLUGIN_LOADER not in sys.modules:
        from importlib.machinery import ModuleSpec

        stand_in = _NoPlugins(_PLUGIN_LOADER)
        stand_in.__spec__ = ModuleSpec(_PLUGIN_LOADER, None)
        sys.modules[_PLUGIN_LOADER] = stand_in


def tune() -> None:
    """Set the process up for one command: pydantic without plugins, the cycle
    collector paced for a run that builds one large tree and ends, and its
    children its own to reap."""
    # hcplan validates with pydantic but uses no pydantic plugin: looking for
    # them reads every installed package's metadata at each start. Off unless
    # the user says otherwise (pydantic's own switch).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    no_plugin_search()
    # As Python exits it runs the cycle collector over every object once more
    # before freeing them all with their modules: for a cold check about a
    # tenth of the run. Everything goes with the process anyway, so at exit
    # (after every other exit handler) the objects are moved out of the
    # collector's sight; nothing else about leaving changes.
    atexit.register(gc.freeze)
    # A run builds a plan's tree (some 100,000 objects for a 1,000-action
    # plan) and the tree has no reference cycles, yet Python's default
    # thresholds run the young collection every 700 allocations and, as the
    # tree grows, full collections that walk all of it again: about a sixth
    # of an update of that plan. A run is short; collecting every 50,000
    # allocations keeps memory the same (measured in bench/) for that time.
    gc.set_threshold(50_000, 20, 20)
    # A shell or service that ignores SIGCHLD passes that on: the system then
    # reaps hcplan's children itself, and neither hcplan.aside nor subprocess
    # (LibreOffice, a browser) can know how a child ended. Children are reaped
    # by hcplan, as Python expects.
    import signal

    if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
