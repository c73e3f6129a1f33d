"""The journey's data model and its loader: flow.yaml, checked against a JSON Schema and for
cross-references (every goto, every condition and every choice value must exist)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from clinic.contentfiles import ContentError, Problem, YamlDoc, read_yaml, schema_problems
from clinic.flow.conditions import ConditionError, check_condition, referenced_questions, referenced_values

# The question types; a new one is added here, in the schema and in the web question-form factory.
# A date question has no choices: its answer is "YYYY-MM-DD" or "unknown" (clinic/flow/dates.py).
QuestionType = Literal["single", "multiple", "date"]
QUESTION_TYPES = ("single", "multiple", "date")
END = "end"


#: The flow's content errors are the one content error (kept under this name for callers).
FlowError = ContentError


@dataclass(frozen=True)
class Choice:
    """One choice of a single or multiple question."""

    id: str
    label: str
    hint: str | None = None
    #: "None of these" or "I do not know": it cannot be ticked together with another choice.
    exclusive: bool = False


@dataclass(frozen=True)
class Route:
    """Where to go after a question: ``goto`` when ``when`` holds (or always, when it is None)."""

    goto: str
    when: Any = None


@dataclass(frozen=True)
class Question:
    """One question page."""

    id: str
    type: QuestionType
    text: str
    hint: str | None
    choices: tuple[Choice, ...]
    routes: tuple[Route, ...]
    summary: str
    #: For a date question: the date question whose date this one cannot come before.
    not_before: str | None = None

    def choice_ids(self) -> tuple[str, ...]:
        """The ids an answer to this question may take."""
        return tuple(c.id for c in self.choices)

    def exclusive_ids(self) -> tuple[str, ...]:
        """The choices that cannot be ticked with another ("none of these")."""
        return tuple(c.id for c in self.choices if c.exclusive)

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or None."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Signal:
    """A result rule: when ``when`` holds, ``candidate`` gains ``weight`` for ``reason``."""

    candidate: str
    weight: int
    reason: str
    when: Any
    #: The line of its candidate in flow.yaml, so that a check on the content can point at it.
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Flow:
    """The whole journey: questions in declaration order, the first question, the result rules."""

    version: int
    start: str
    questions: Mapping[str, Question]
    signals: tuple[Signal, ...]

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if there is none)."""
        return self.questions[question_id]


SCHEMA = "flow.schema.json"


def _choice(raw: Mapping[str, Any]) -> Choice:
    return Choice(id=raw["id"], label=raw["label"], hint=raw.get("hint"), exclusive=bool(raw.get("exclusive", False)))


def _question(raw: Mapping[str, Any]) -> Question:
    return Question(
        id=raw["id"],
        type=raw["type"],
        text=raw["text"],
        hint=raw.get("hint"),
        choices=tuple(_choice(c) for c in raw.get("choices", ())),
        routes=tuple(Route(goto=r["goto"], when=r.get("when")) for r in raw["next"]),
        summary=raw.get("summary", raw["text"]),
        not_before=raw.get("not_before"),
    )


def _cross_check(flow: Flow, doc: YamlDoc) -> list[Problem]:
    """Rules the schema cannot express: ids that must resolve, valid conditions, and no loops."""
    problems: list[Problem] = []
    qs = flow.questions
    if flow.start not in qs:
        problems.append(doc.at("/start", f"start: no question {flow.start!r}"))
    for index, q in enumerate(qs.values()):
        problems.extend(_check_choices(q, doc, f"/questions/{index}"))
        problems.extend(_check_not_before(flow, q, doc, f"/questions/{index}"))
        problems.extend(_check_routes(flow, q, doc, f"/questions/{index}"))
    for i, signal in enumerate(flow.signals):
        problems.extend(doc.at(f"/signals/{i}/when", m) for m in _check_condition(flow, signal.when, f"signals/{i}"))
    problems.extend(doc.at(f"/questions/{list(qs).index(qid)}", m) for qid, m in _find_cycles(flow))
    return problems


def _check_choices(q: Question, doc: YamlDoc, node: str) -> list[Problem]:
    """A question's type is one the engine asks, with at least two choices, each id used once."""
    where = f"questions/{q.id}"
    problems: list[Problem] = []
    if q.type not in QUESTION_TYPES:
        problems.append(
            doc.at(f"{node}/type", f"{where}: question type {q.type!r} is not supported (single, multiple or date)")
        )
    elif q.type == "date":
        if q.choices:
            problems.append(doc.at(f"{node}/choices", f"{where}: a date question has no choices"))
    elif len(q.choices) < 2:
        problems.append(doc.at(f"{node}/choices", f"{where}: a {q.type} question needs at least two choices"))
    ids = [c.id for c in q.choices]
    if len(ids) != len(set(ids)):
        problems.append(doc.at(f"{node}/choices", f"{where}: duplicate choice ids"))
    return problems


def _check_not_before(flow: Flow, q: Question, doc: YamlDoc, node: str) -> list[Problem]:
    """``not_before`` is only for date questions and names another date question."""
    if q.not_before is None:
        return []
    other = flow.questions.get(q.not_before)
    if q.type != "date" or other is None or other.type != "date":
        return [doc.at(f"{node}/not_before", f"questions/{q.id}: not_before must name another date question")]
    return []


def _check_routes(flow: Flow, q: Question, doc: YamlDoc, node: str) -> list[Problem]:
    """Every answer leads on (the last route is unconditional) to a real question, under valid conditions."""
    where = f"questions/{q.id}"
    problems: list[Problem] = []
    if q.routes and q.routes[-1].when is not None:
        problems.append(
            doc.at(f"{node}/next", f"{where}: the last route must have no 'when' so that every answer leads on")
        )
    for i, route in enumerate(q.routes):
        if route.goto != END and route.goto not in flow.questions:
            problems.append(doc.at(f"{node}/next/{i}/goto", f"{where}/next/{i}: goto {route.goto!r} is not a question"))
        if route.when is not None:
            found = _check_condition(flow, route.when, f"{where}/next/{i}")
            problems.extend(doc.at(f"{node}/next/{i}/when", message) for message in found)
    return problems


def _check_condition(flow: Flow, condition: Any, where: str) -> list[str]:
    try:
        check_condition(condition)
    except ConditionError as error:
        return [f"{where}: {error}"]
    problems = [
        f"{where}: condition reads unknown question {q!r}"
        for q in sorted(referenced_questions(condition))
        if q not in flow.questions
    ]
    for qid, value in referenced_values(condition):
        q = flow.questions.get(qid)
        if q is not None and value not in q.choice_ids():
            problems.append(f"{where}: {qid!r} has no choice {value!r}")
    return problems


def _find_cycles(flow: Flow) -> list[tuple[str, str]]:
    state: dict[str, int] = {}
    problems: list[tuple[str, str]] = []

    def visit(qid: str) -> None:
        state[qid] = 1
        for route in flow.questions[qid].routes:
            target = route.goto
            if target == END or target not in flow.questions:
                continue
            if state.get(target) == 1:
                problems.append((qid, f"questions/{qid}: goto {target!r} makes a loop"))
            elif target not in state:
                visit(target)
        state[qid] = 2

    for qid in flow.questions:
        if qid not in state:
            visit(qid)
    return problems


def parse_flow(raw: Any, doc: YamlDoc | None = None) -> Flow:
    """Build a Flow from parsed YAML, raising FlowError with every problem found.

    ``doc`` is the parsed file, when there is one, so that problems can name their line.
    """
    doc = doc or YamlDoc("flow.yaml", raw)
    errors = schema_problems(doc, SCHEMA)
    if errors:
        raise FlowError(errors)
    questions: dict[str, Question] = {}
    problems: list[Problem] = []
    for index, rawq in enumerate(raw["questions"]):
        if rawq["id"] in questions:
            problems.append(doc.at(f"/questions/{index}/id", f"questions/{rawq['id']}: duplicate question id"))
        questions[rawq["id"]] = _question(rawq)
    signals = tuple(
        Signal(
            candidate=s["candidate"],
            weight=s["weight"],
            reason=s["reason"],
            when=s["when"],
            line=doc.line(f"/signals/{i}/candidate"),
        )
        for i, s in enumerate(raw.get("signals", ()))
    )
    flow = Flow(version=raw["version"], start=raw["start"], questions=questions, signals=signals)
    problems.extend(_cross_check(flow, doc))
    if problems:
        raise FlowError(problems)
    return flow


def load_flow(path: Path) -> Flow:
    """Read and check a flow file; raise FlowError listing every problem."""
    doc = read_yaml(path, path.name)
    return parse_flow(doc.data, doc)
