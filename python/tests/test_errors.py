"""Bad input raises chokepoint.InputError with the problem located."""

from __future__ import annotations

import json

import pytest

import chokepoint
from conftest import single_node_model


def test_a_missing_file_names_its_path(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(chokepoint.InputError) as caught:
        chokepoint.load(missing)
    assert caught.value.path == str(missing)
    assert str(caught.value) == f"{missing}: no such file"
    assert (caught.value.pointer, caught.value.line, caught.value.problems) == (None, None, [])
    assert isinstance(caught.value, ValueError)


def test_a_bad_value_carries_pointer_line_and_column():
    model = single_node_model()
    model["nodes"][0]["capacity"] = -100
    with pytest.raises(chokepoint.InputError) as caught:
        chokepoint.Model.from_dict(model, name="built-in-python")
    error = caught.value
    assert error.path == "built-in-python"
    assert error.pointer == "/nodes/0/capacity"
    # The position in the text that was checked: json.dumps(model, indent=2).
    lines = json.dumps(model, indent=2).splitlines()
    line = next(i for i, text in enumerate(lines, 1) if '"capacity": -100' in text)
    assert (error.line, error.column) == (line, lines[line - 1].index("-100") + 1)
    assert str(error).startswith(f"built-in-python:{line}:{error.column}: /nodes/0/capacity: ")
    assert error.problems[0] == {"pointer": "/nodes/0/capacity", "line": line, "column": error.column,
                                 "message": error.problems[0]["message"]}


def test_every_problem_is_listed(root):
    model = single_node_model()
    model["nodes"][0]["capacity"] = -1
    model["events"][0]["annual_rate"] = -2
    with pytest.raises(chokepoint.InputError) as caught:
        chokepoint.Model.from_dict(model)
    pointers = [p["pointer"] for p in caught.value.problems]
    assert "/nodes/0/capacity" in pointers and "/events/0/annual_rate" in pointers
    assert len(str(caught.value).splitlines()) == len(caught.value.problems)


def test_a_syntax_error_has_a_position_and_no_pointer(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "chokepoint/1",\n  "name": }\n')
    with pytest.raises(chokepoint.InputError) as caught:
        chokepoint.load(path)
    assert caught.value.pointer is None
    assert caught.value.line == 2


def test_a_dict_that_is_not_json():
    with pytest.raises(chokepoint.InputError, match="<dict>: the model is not JSON: .*set"):
        chokepoint.Model.from_dict({"format": "chokepoint/1", "nodes": {1, 2}})


def test_unknown_ids_suggest_the_closest(root):
    model = chokepoint.load(root / "scenarios/demo.json")
    with pytest.raises(chokepoint.InputError, match='unknown policy "lng_bufer".*did you mean "lng_buffer"'):
        model.run(100, policy="lng_bufer")
    with pytest.raises(chokepoint.InputError, match='unknown stress test "nothing"'):
        model.compare(100, stress=["nothing"])
    with pytest.raises(chokepoint.InputError, match="nothing to compare"):
        model.compare(100, policies="none", stress="none")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, r"n: expected a whole number from 1 to 2\^48, got 0"),
        ({"n": 2.5}, r"n: expected a whole number from 1 to 2\^48, got 2.5"),
        ({"n": 10, "seed": -1}, r"seed: expected a whole number from 0 to 2\^64 - 1, got -1"),
        ({"n": 10, "threads": 0}, r"threads: expected 1 to 4096, got 0"),
        ({"n": 10, "backend": "tpu"}, r"tpu"),
        ({"n": 10, "importance": {"no_such_event": 5.0}}, r"no_such_event"),
    ],
)
def test_bad_run_options(root, kwargs, message):
    with pytest.raises(chokepoint.InputError, match=message):
        chokepoint.load(root / "scenarios/demo.json").run(**kwargs)


def test_synth_options_out_of_range():
    with pytest.raises(chokepoint.InputError, match="nodes"):
        chokepoint.synth(nodes=2)
