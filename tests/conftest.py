import pytest


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Code lists and permission ids are cached per process; tests must not leak them."""
    from placements.models.codes import clear_code_cache
    from practices.access import _permission_id

    clear_code_cache()
    _permission_id.cache_clear()  # a flushed test database recreates permissions
    yield
    clear_code_cache()
    _permission_id.cache_clear()


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()
