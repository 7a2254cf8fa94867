"""Apps that keep records (registries, support, works …) add their demo records to
``load_demo`` by registering a loader in their AppConfig.ready():

    from demo.hooks import register
    register("registries", load_demo_registries)

Each loader is called with ``progress`` (a function taking a Vietnamese line) after
the units, catalogue, programmes and seed values are loaded, inside the same
transaction, in registration order.  It must be idempotent: a second ``load_demo``
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_LOADERS: dict[str, Callable] = {}


def register(name: str, loader: Callable) -> None:
    _LOADERS[name] = loader


def run_all(progress: Callable[[str], None]) -> None:
    for name, loader in _LOADERS.items():
        progress(f"Nạp dữ liệu mẫu: {name} …")
        loader(progress=progress)
