"""The entity model shared by every source, the store and the matcher (FollowTheMoney)."""

from tracewire.model.entity import MATCHABLE_SCHEMATA, NAME_PROPS, Entity, get_schema, make_id

__all__ = ["MATCHABLE_SCHEMATA", "NAME_PROPS", "Entity", "get_schema", "make_id"]
