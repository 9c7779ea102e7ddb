"""The mandatory elements a letter can be required to contain, and how each is shown.

An element is named in a workflow's `must_contain` with the provision behind it. Each
has paths into the letter's context (`fields.decision`, `ombudsman.telephone`, ...):
before rendering every path must have a value, and after rendering every value must
appear in the output, so neither missing data nor an edited template can drop one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Element:
    label: str
    shows: tuple[str, ...]  # context paths whose values the rendered letter must show
    if_given: bool = False  # required only when the action gave it (a good reason)


def _field(name: str, label: str) -> Element:
    return Element(label, (f"fields.{name}",))


CATALOGUE: Mapping[str, Element] = {
    # what the complaint is about
    "complaint_definition": _field("complaint_definition", "the complaint definition"),
    "outcomes_sought": _field("outcomes_sought", "the outcomes the resident is seeking"),
    "responsibility": _field("responsibility", "what the landlord is and is not "
                             "responsible for"),
    # where it stands
    "complaint_stage": Element("the complaint stage", ("case.stage_name",)),
    "complaint_stages": Element("the complaint stages", ("workflow.stage_names",)),
    "response_due": Element("the date the response is due", ("deadline.due",)),
    "new_response_date": Element("the new response date", ("deadline.due",)),
    "extension_reason": _field("reason", "the reason for the extension"),
    # past the cap the Code allows only "with good reason" (2024 6.4, 6.15)
    "extension_good_reason": Element("the good reason for going past the usual extension",
                                     ("fields.good_reason",), if_given=True),
    # the answer
    "decision": _field("decision", "the decision on the complaint"),
    # where something has gone wrong, the response acknowledges it (2024 7.1): required
    # when the decision upholds the complaint (a choice that needs `failings`)
    "failings": Element("what went wrong, acknowledged", ("fields.failings",),
                        if_given=True),
    "reasons": _field("reasons", "the reasons for the decision"),
    "remedy": _field("remedy", "the remedy offered to put things right"),
    "outstanding_actions": _field("outstanding_actions", "the outstanding actions"),
    "refusal_reasons": Element("the reasons the matter is not taken on",
                               ("exclusion.label", "fields.explanation")),
    # where to go next
    "escalation_route": Element("how to escalate to the next stage",
                                ("case.next_stage_name", "landlord.complaints_email",
                                 "landlord.complaints_phone")),
    "ombudsman_right": Element("the right to go to the Housing Ombudsman",
                               ("ombudsman.name", "ombudsman.telephone", "ombudsman.website")),
    "ombudsman_contact": Element("the Housing Ombudsman's contact details",
                                 ("ombudsman.telephone", "ombudsman.email",
                                  "ombudsman.complaint_form", "ombudsman.address")),
    "designated_person_route": Element("the route to the Ombudsman through a designated "
                                       "person or, after eight weeks, directly",
                                       ("phrases.eight_weeks", "ombudsman.telephone")),
    # who writes
    "signoff_role": Element("a sign-off by role, not by name", ("landlord.signatory_role",)),
}

# Fixed wording an element may require to appear (the context's `phrases`).
PHRASES: Mapping[str, str] = {"eight_weeks": "eight weeks"}

NAMESPACES = ("fields", "case", "workflow", "deadline", "landlord", "ombudsman", "resident",
              "exclusion", "letter", "phrases")

# What to tell the officer when a context value is missing, by namespace.
HOW_TO_SUPPLY = {
    "fields": "give it with --set {name}=...",
    "landlord": "set {name} in the [landlord] table of the config file",
    "ombudsman": "set {name} in the [ombudsman] table of the config file",
    "resident": "record the resident's {name} on the case",
    "deadline": "the case has no deadline for this letter to quote",
    "exclusion": "give a ground with --set ground=...",
    "case": "the case has no {name}",
    "workflow": "the workflow has no {name}",
    "letter": "the letter has no {name}",
    "phrases": "the letter has no {name}",
}
