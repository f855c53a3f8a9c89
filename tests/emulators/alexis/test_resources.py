"""Consistency of the declarative resource table."""

from __future__ import annotations

import pytest

from emulators.alexis.fieldtypes import Resource
from emulators.alexis.resources import RESOURCES

ROUTED = [resource for resource in RESOURCES.values() if resource.routed]


def test_the_brief_resources_are_all_routed() -> None:
    expected = {
        "employee", "employment", "employment-type", "compensation", "leave", "leave-type",
        "child", "department", "office", "team", "employee-team-reference", "company",
    }  # fmt: skip
    assert expected <= {resource.name for resource in ROUTED}
    assert [r.name for r in ROUTED if r.read_only] == ["company"]


@pytest.mark.parametrize("resource", ROUTED, ids=lambda resource: resource.name)
def test_every_listed_name_is_defined(resource: Resource) -> None:
    assert "id" in resource.fields
    assert set(resource.selectable) <= set(resource.fields)
    for name in resource.create + resource.update:
        resource.body_type(name)  # raises KeyError for a name without a type
    assert set(resource.create_required) <= set(resource.create)
    assert set(resource.update_required) <= set(resource.update)
    assert set(resource.defaults) <= set(resource.fields)
    assert not set(resource.write_only) & set(resource.fields)


@pytest.mark.parametrize("resource", ROUTED, ids=lambda resource: resource.name)
def test_relations_point_at_existing_keys(resource: Resource) -> None:
    for relation in resource.relations.values():
        assert relation.local_key in resource.fields
        assert relation.remote_key in RESOURCES[relation.target].fields
