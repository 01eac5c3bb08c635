import pytest


@pytest.fixture(autouse=True)
def _fresh_code_cache():
    """Code lists are cached per process; a test that edits them must not leak."""
    from placements.models.codes import clear_code_cache

    clear_code_cache()
    yield
    clear_code_cache()


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()
