"""The conversation quality gate, on tests/eval/conversations.yaml (dev).

Dialogues are read turn by turn with the context the previous answers left, as a chat
would. tests/eval/conversations-heldout.yaml, written the same way, is never tuned on: its
figures are reported (README), not gated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from bot.conveval import evaluate_conversations, parse_conversations
from bot.engine import Engine

EVAL = Path(__file__).parent / "eval"
# The dev set's floor: raise it as the bot improves; never lower it to pass (a lowered
# floor comes with its reason in the commit: a stated trade-off, or harder data added).
GATES = {
    "dialogue_turns": 86.0,
    "follow_up_turns": 83.0,
    "multi": 92.0,
    "long": 92.0,
    "smalltalk": 93.0,
    "near": 96.0,
}


@pytest.fixture(scope="module")
def summary(engine: Engine) -> dict[str, float]:
    cases = parse_conversations((EVAL / "conversations.yaml").read_text(), "conversations.yaml")
    return evaluate_conversations(engine, cases, TODAY).summary()


@pytest.mark.parametrize("kind", GATES)
def test_conversations_meet_the_gate(summary: dict[str, float], kind: str) -> None:
    assert summary[f"{kind}_pct"] >= GATES[kind], summary


def test_conversation_sets_shape_and_ids(engine: Engine) -> None:
    for name in ("conversations.yaml", "conversations-heldout.yaml"):
        cases = parse_conversations((EVAL / name).read_text(), name)
        kinds = [c.kind for c in cases]
        assert kinds.count("dialogue") >= 30 and kinds.count("near") >= 20, name
        for case in cases:
            for turn in case.turns:
                for ids in turn.expect:
                    assert all(i in engine.kb.by_id for i in ids), (name, turn.line, ids)


def test_malformed_file_is_located() -> None:
    with pytest.raises(ValueError, match=r"x\.yaml:3: kind"):
        parse_conversations("- kind: dialogue\n  turns: [{q: a}]\n- kind: chat\n", "x.yaml")


def test_the_conversation_layer_beats_each_message_alone(engine: Engine) -> None:
    # On the held-out file (about 300 turns; the dev file is 30 times larger): the same
    # file read each message alone, then by the conversation layer.
    name = "conversations-heldout.yaml"
    cases = parse_conversations((EVAL / name).read_text(), name)
    alone = evaluate_conversations(engine, cases, TODAY, alone=True).summary()
    layer = evaluate_conversations(engine, cases, TODAY).summary()
    assert alone["multi_pct"] < layer["multi_pct"] and alone["long_pct"] < layer["long_pct"]
    assert alone["follow_up_turns_pct"] < layer["follow_up_turns_pct"]
