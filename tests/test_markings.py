import dataclasses

import pytest

from cordon.model.markings import CLEAR, Marking, MarkingError, Tlp
from cordon.model.statements import Source, Statement
from cordon.policy import SYSTEM, Principal, may_read, most_restrictive

USA = Principal("USA", "analyst@usa.example")
MYS = Principal("MYS", "analyst@mys.example")
GBR = Principal("GBR", "analyst@gbr.example")


def test_parse_rel_to():
    m = Marking.parse("TLP:AMBER REL TO USA, MYS", originator="USA")
    assert m.tlp is Tlp.AMBER
    assert m.rel_to == {"USA", "MYS"}
    assert m.label == "TLP:AMBER REL TO MYS,USA ORIG USA"


def test_markings_are_immutable_and_hashable():
    m = Marking.parse("TLP:GREEN", originator="USA")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.tlp = Tlp.RED  # type: ignore[misc]
    assert m == Marking(Tlp.GREEN, "USA") and len({m, Marking(Tlp.GREEN, "USA")}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "TLP:CLEAR REL TO USA",
        "TLP:AMBER TLP:RED",
        "AMBER",
        "TLP:PURPLE",
        "",
        "TLP:GREEN REL TO u$a",
    ],
)
def test_invalid_markings_refused(text):
    with pytest.raises(MarkingError):
        Marking.parse(text, originator="USA")


def test_white_is_the_tlp1_alias_of_clear():
    assert Marking.parse("TLP:WHITE", originator="USA").tlp is Tlp.CLEAR


def test_recipients_only_for_red():
    with pytest.raises(MarkingError):
        Marking(Tlp.AMBER, "USA", recipients=frozenset({"a@usa.example"}))
    red = Marking(Tlp.RED, "USA", recipients=frozenset({"analyst@mys.example"}))
    assert may_read(MYS, red) and not may_read(GBR, red)


def test_unmarked_statement_does_not_exist():
    with pytest.raises(ValueError, match="unmarked"):
        Statement("e1", "Person", "name", "X", Source("d", record_id="r:1"), None)  # type: ignore[arg-type]


def test_policy_default_deny():
    amber = Marking.parse("TLP:AMBER REL TO MYS", originator="USA")
    assert may_read(USA, amber)  # originator reads its own
    assert may_read(MYS, amber)
    assert not may_read(GBR, amber)
    assert not may_read(SYSTEM, amber)
    assert may_read(GBR, CLEAR) and may_read(SYSTEM, CLEAR)
    assert not may_read(MYS, Marking.parse("TLP:AMBER", originator="USA"))


def test_most_restrictive_combines_tlp_and_rel_to():
    a = Marking.parse("TLP:GREEN REL TO USA,MYS,GBR", originator="USA")
    b = Marking.parse("TLP:AMBER REL TO USA,MYS", originator="USA")
    combined = most_restrictive([CLEAR, a, b])
    assert combined.tlp is Tlp.AMBER and combined.originator == "USA"
    assert combined.rel_to == {"MYS"}
