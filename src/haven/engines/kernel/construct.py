"""
Fast constructors for frozen, slotted dataclasses built on hot paths.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
which looks the field up by name on every call. The constructor made here sets the
slots through their descriptors, looked up once, and gives the same object: frozen,
equal and hashed as the dataclass defines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def frozen_constructor(cls: type[T]) -> Callable[..., T]:
    """
    Return a constructor for ``cls`` taking its fields positionally, then by name.

    ``cls`` must be a frozen dataclass with slots, plain defaults only (no default
    factory) and no ``__post_init__``.

    >>> from haven.engines.kernel.citation import Citation
    >>> make = frozen_constructor(Citation)
    >>> make("604/2013", 8, 1) == Citation("604/2013", 8, 1)
    True
    """
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__")
    names = []
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    arguments = []
    for index, field in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{field.name} has a default factory")
        namespace[f"_set{index}"] = cls.__dict__[field.name].__set__
        names.append(field.name)
        if field.default is dataclasses.MISSING:
            arguments.append(field.name)
        else:
            namespace[f"_default{index}"] = field.default
            arguments.append(f"{field.name}=_default{index}")
    body = "".join(
        f"    _set{index}(self, {name})\n" for index, name in enumerate(names)
    )
    source = (
        f"def new({', '.join(arguments)}):\n"
        "    self = _new(_cls)\n"
        f"{body}"
        "    return self\n"
    )
    exec(source, namespace)  # noqa: S102  # nosec B102  # source built above from field names only
    constructor: Callable[..., T] = namespace["new"]
    constructor.__qualname__ = f"{cls.__name__}.new"
    return constructor
