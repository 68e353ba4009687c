"""
The access policy: role × action × record scope × field set, read from policy.toml.

One declarative file is the single source of who may do what (specs/security.md
R-01, R-02; docs/adr/0025). This module reads and checks it, and answers the three
questions the rest of haven asks: may this user take this action at all (and in
which scope), is this record in that scope, and which fields may they read or
write. Anything the file does not grant is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.apps import apps
from django.db.models import Model, Q

from haven.apps.core.actors import role_of

SCOPES: Final = ("own", "group", "agency", "all")
# Methods whose rights follow GET's.
READ_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
POLICY_FILE: Final = Path(__file__).with_name("policy.toml")


class PolicyError(ValueError):
    """The policy file is wrong; the message names the entry at fault."""


@dataclass(frozen=True, slots=True)
class Resource:
    """A kind of record, and how one of them finds the holder whose scope applies."""

    name: str
    model: str = ""
    holder: str = ""  # "person", "user", or "" for records nobody holds
    paths: tuple[str, ...] = ()
    lookup: str = "pk"

    @property
    def scoped(self) -> bool:
        return bool(self.holder)


@dataclass(frozen=True, slots=True)
class Route:
    """What each method of one URL needs, and which URL argument names the record."""

    name: str
    public: bool = False
    session: bool = False
    methods: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    object_resource: str = ""
    object_kwarg: str = ""
    writes: frozenset[str] = frozenset()
    params: frozenset[str] = frozenset()

    def need(self, method: str) -> tuple[str, str] | None:
        """Return the (resource, action) a request method needs, if it is allowed."""
        return self.methods.get("GET" if method in READ_METHODS else method)

    @property
    def allowed_methods(self) -> list[str]:
        methods = set(self.methods)
        if "GET" in methods:
            methods |= {"HEAD", "OPTIONS"}
        return sorted(methods)


@dataclass(frozen=True, slots=True)
class Policy:
    """The checked contents of the policy file."""

    resources: Mapping[str, Resource]
    field_groups: Mapping[str, Mapping[str, frozenset[str]]]
    grants: Mapping[str, Mapping[tuple[str, str], str]]
    read_groups: Mapping[str, Mapping[str, frozenset[str]]]
    write_groups: Mapping[str, Mapping[str, frozenset[str]]]
    routes: Mapping[str, Route]

    def scope(self, role: str | None, resource: str, action: str) -> str | None:
        """Return the scope a role has for an action, or None when it has none."""
        if role is None:
            return None
        return self.grants.get(role, {}).get((resource, action))

    def fields(self, role: str | None, resource: str, mode: str) -> frozenset[str]:
        """Return the field names of a resource the role may read or write."""
        groups = self.groups(role, resource, mode)
        names = self.field_groups.get(resource, {})
        return frozenset(name for group in groups for name in names.get(group, ()))

    def groups(self, role: str | None, resource: str, mode: str) -> frozenset[str]:
        """Return the field groups of a resource the role may read or write."""
        table = self.read_groups if mode == "read" else self.write_groups
        if role is None:
            return frozenset()
        return table.get(role, {}).get(resource, frozenset())


def _fail(where: str, problem: str) -> PolicyError:
    return PolicyError(f"policy.toml: {where}: {problem}")


def _resources(raw: Mapping[str, Any]) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    for name, spec in raw.items():
        where = f"resources.{name}"
        if not isinstance(spec, dict):
            raise _fail(where, "must be a table")
        unknown = set(spec) - {"model", "holder", "path", "lookup"}
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        holder = spec.get("holder", "")
        if holder not in ("", "person", "user"):
            raise _fail(f"{where}.holder", f"{holder!r} is not person or user")
        if holder and not spec.get("model"):
            raise _fail(where, "a resource with a holder needs a model")
        path = spec.get("path", "")
        paths = tuple(path) if isinstance(path, list) else (path,)
        resources[name] = Resource(
            name=name,
            model=spec.get("model", ""),
            holder=holder,
            paths=paths if holder else (),
            lookup=spec.get("lookup", "pk"),
        )
    return resources


def _split_action(
    value: Any, where: str, grants_known: set[tuple[str, str]]
) -> tuple[str, str]:
    if not isinstance(value, str) or value.count(".") != 1:
        raise _fail(where, f"{value!r} is not resource.action")
    resource, action = value.split(".")
    if (resource, action) not in grants_known:
        raise _fail(where, f"{value!r} is granted to no role")
    return resource, action


def policy_parse(text: str, *, role_names: Iterable[str]) -> Policy:
    """Read and check policy text; raise PolicyError naming the first fault."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"policy.toml: {error}") from error
    unknown = set(raw) - {"resources", "fields", "roles", "routes"}
    if unknown:
        raise _fail("top level", f"unknown tables {sorted(unknown)}")
    resources = _resources(raw.get("resources", {}))
    field_groups = {
        resource: {group: frozenset(names) for group, names in groups.items()}
        for resource, groups in raw.get("fields", {}).items()
    }
    for resource in field_groups:
        if resource not in resources:
            raise _fail(f"fields.{resource}", "unknown resource")
    known_roles = set(role_names)
    grants: dict[str, dict[tuple[str, str], str]] = {}
    read_groups: dict[str, dict[str, frozenset[str]]] = {}
    write_groups: dict[str, dict[str, frozenset[str]]] = {}
    for role, table in raw.get("roles", {}).items():
        if role not in known_roles:
            raise _fail(f"roles.{role}", "unknown role")
        grants[role] = {}
        read_groups[role], write_groups[role] = {}, {}
        for resource, actions in table.items():
            if resource == "fields":
                for fresource, modes in actions.items():
                    groups_known = field_groups.get(fresource)
                    if groups_known is None:
                        raise _fail(
                            f"roles.{role}.fields.{fresource}", "no field groups"
                        )
                    for mode, groups in modes.items():
                        where = f"roles.{role}.fields.{fresource}.{mode}"
                        if mode not in ("read", "write"):
                            raise _fail(where, "must be read or write")
                        missing = set(groups) - set(groups_known)
                        if missing:
                            raise _fail(where, f"unknown groups {sorted(missing)}")
                        target = read_groups if mode == "read" else write_groups
                        target[role][fresource] = frozenset(groups)
                continue
            spec = resources.get(resource)
            if spec is None:
                raise _fail(f"roles.{role}.{resource}", "unknown resource")
            for action, scope in actions.items():
                where = f"roles.{role}.{resource}.{action}"
                if scope not in SCOPES:
                    raise _fail(where, f"{scope!r} is not one of {', '.join(SCOPES)}")
                if not spec.scoped and scope != "all":
                    raise _fail(where, "a record nobody holds takes the scope all")
                grants[role][(resource, action)] = scope
        if (
            "person" in read_groups[role]
            and "identity" not in read_groups[role]["person"]
        ):
            raise _fail(f"roles.{role}.fields.person.read", "must include identity")
    granted = {key for table in grants.values() for key in table}
    routes: dict[str, Route] = {}
    for name, spec in raw.get("routes", {}).items():
        where = f"routes.{name!r}"
        methods: dict[str, tuple[str, str]] = {}
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if method in spec:
                methods[method] = _split_action(
                    spec[method], f"{where}.{method}", granted
                )
        unknown = set(spec) - {
            "public",
            "session",
            "object",
            "writes",
            "params",
            "GET",
            "POST",
            "PUT",
            "PATCH",
            "DELETE",
        }
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        public, session = bool(spec.get("public")), bool(spec.get("session"))
        if not (public or session or methods):
            raise _fail(where, "names no method, and is neither public nor session")
        object_resource = object_kwarg = ""
        if "object" in spec:
            object_resource, _, object_kwarg = str(spec["object"]).partition(":")
            held = resources.get(object_resource)
            if held is None or not object_kwarg:
                raise _fail(f"{where}.object", "must be resource:kwarg")
            if not held.scoped:
                raise _fail(f"{where}.object", "names a record nobody holds")
        writes = frozenset(spec.get("writes", ()))
        missing = set(writes) - set(field_groups.get("person", {}))
        if missing:
            raise _fail(f"{where}.writes", f"unknown groups {sorted(missing)}")
        routes[name] = Route(
            name=name,
            public=public,
            session=session,
            methods=methods,
            object_resource=object_resource,
            object_kwarg=object_kwarg,
            writes=writes,
            params=frozenset(spec.get("params", ())),
        )
    return Policy(
        resources=resources,
        field_groups=field_groups,
        grants=grants,
        read_groups=read_groups,
        write_groups=write_groups,
        routes=routes,
    )


@cache
def policy() -> Policy:
    """Return haven's policy, read once from policy.toml."""
    from haven.apps.accounts.models import User

    return policy_parse(POLICY_FILE.read_text(), role_names=User.Role.values)


# --- Questions about a user -------------------------------------------------------


def scope_for(user: object, resource: str, action: str) -> str | None:
    """Return the user's scope for an action, or None when it is not granted."""
    return policy().scope(role_of(user), resource, action)


def allows(user: object, resource: str, action: str) -> bool:
    """Return True when the user's role is granted the action in any scope."""
    return scope_for(user, resource, action) is not None


def readable(user: object, resource: str = "person") -> frozenset[str]:
    """Return the field names of a resource the user may read."""
    return policy().fields(role_of(user), resource, "read")


def readable_groups(user: object, resource: str = "person") -> frozenset[str]:
    """Return the field groups of a resource the user may read."""
    return policy().groups(role_of(user), resource, "read")


def writable(user: object, resource: str = "person") -> frozenset[str]:
    """Return the field names of a resource the user may write."""
    return policy().fields(role_of(user), resource, "write")


def writable_groups(user: object, resource: str = "person") -> frozenset[str]:
    """Return the field groups of a resource the user may write."""
    return policy().groups(role_of(user), resource, "write")


def _holder_q(user: object, scope: str, prefix: str, holder: str) -> Q:
    agency = getattr(user, "agency", "") or ""
    team = getattr(user, "team", "") or ""
    user_id = getattr(user, "pk", None)
    join = f"{prefix}__" if prefix else ""
    owner = f"{join}owner_id" if holder == "person" else f"{join}id"
    if scope == "all":
        return Q()
    if scope == "own":
        return Q(**{owner: user_id}) if user_id is not None else Q(pk__in=[])
    if not agency:
        return Q(pk__in=[])
    q = Q(**{f"{join}agency": agency})
    if scope == "group":
        if not team:
            return Q(pk__in=[])
        q &= Q(**{f"{join}team": team})
    return q


def scope_q(
    user: object, resource: str, action: str, *, record: str = "", via: str = ""
) -> Q:
    """
    Return the filter that keeps the records in the user's scope for an action.

    The queryset holds records of ``record`` (by default ``resource`` itself);
    ``via`` is the path from the queryset's model to such a record, empty when
    the queryset is of that kind. Nothing matches when the action is not granted.
    """
    spec = policy().resources[record or resource]
    scope = scope_for(user, resource, action)
    if scope is None:
        return Q(pk__in=[])
    if not spec.scoped or scope == "all":
        return Q()
    q = Q()
    for path in spec.paths:  # held through several paths: in scope through each
        full = "__".join(part for part in (via, path) if part)
        q &= _holder_q(user, scope, full, spec.holder)
    return q


def record_in_scope(
    user: object, resource: str, value: object, *, scope: str
) -> bool | None:
    """
    Return whether one record of ``resource`` is in ``scope`` for the user.

    None when there is no such record (the view answers 404 as for anyone).
    A record held through several paths (a duplicate pair) must be in scope
    through every one of them.
    """
    spec = policy().resources[resource]
    model: type[Model] = apps.get_model(spec.model)
    base = model._default_manager.filter(**{spec.lookup: value})
    if not base.exists():
        return None
    if scope == "all":
        return True
    for path in spec.paths:
        if not base.filter(_holder_q(user, scope, path, spec.holder)).exists():
            return False
    return True


def may_on_record(
    user: object, resource: str, action: str, *, record: str, value: object
) -> bool:
    """Return True when the user may take the action on one record (pages ask it
    to decide which buttons to show)."""
    scope = scope_for(user, resource, action)
    if scope is None:
        return False
    return record_in_scope(user, record, value, scope=scope) is True
