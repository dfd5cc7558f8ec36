"""No import circle inside actgui: in the graph of its modules' imports, as import-linter builds it
(grimp), no module reaches back to a module that imports it."""

import grimp
import pytest


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("actgui")


def circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One chain per import a → b that b leads back to a through: a, b, …, a."""
    found = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                found.append((importer, *back))
    return found


def test_no_module_of_actgui_imports_itself_back(graph):
    assert circles(graph) == []


def test_a_circle_is_found():
    graph = grimp.build_graph("actgui")
    graph.add_import(importer="actgui.core.training.config", imported="actgui.core.training.trainer")
    assert ("actgui.core.training.config", "actgui.core.training.trainer", "actgui.core.training.config") in circles(
        graph)


def test_records_and_history_do_not_load_the_trainer(graph):
    for light in ("actgui.core.training.records", "actgui.core.training.history"):
        assert not graph.chain_exists(importer=light, imported="actgui.core.training.trainer")
