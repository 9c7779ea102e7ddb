"""The definitions a report counts by: documented defaults the config's `[reports]`
table can change, and stated in every report (its text and its JSON `settings`).

```toml
[reports]
extensions = "code"     # "code": within the cap, or past it with a recorded good reason
                        # "cap": within the cap only; "none": the original timescale only
acknowledgement = true  # CH02 also needs the acknowledgement to have met its deadline
homes = 5000            # the homes owned, when --homes is not given
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._errors import ConfigError, InvalidInput
from .._text import did_you_mean

EXTENSIONS = ("code", "cap", "none")
KEYS = ("extensions", "acknowledgement", "homes")

EXTENSION_WORDS = {
    "code": "an extension counts if it was within the cap the workflow sets, or beyond it "
            "with a good reason recorded",
    "cap": "an extension counts only up to the cap the workflow sets (the response is "
           "judged against the original due date plus the cap)",
    "none": "extensions do not count: the response is judged against its original due date",
}


@dataclass(frozen=True)
class ReportSettings:
    extensions: str = "code"
    acknowledgement: bool = True
    homes: int | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str = "config") -> ReportSettings:
        """From the config's `[reports]` table; `where` names the file in errors."""
        for key in table:
            if key not in KEYS:
                raise ConfigError(f"{where}: unknown key {key!r} in [reports]"
                                  f"{did_you_mean(key, KEYS)}; keys: {', '.join(KEYS)}")
        extensions = table.get("extensions", "code")
        if extensions not in EXTENSIONS:
            raise ConfigError(f"{where}: reports.extensions must be one of "
                              f"{', '.join(repr(e) for e in EXTENSIONS)}, got: {extensions!r}")
        ack = table.get("acknowledgement", True)
        if not isinstance(ack, bool):
            raise ConfigError(f"{where}: reports.acknowledgement must be true or false, "
                              f"got: {ack!r}")
        homes = table.get("homes")
        if homes is not None and (type(homes) is not int or homes < 1):
            raise ConfigError(f"{where}: reports.homes must be a whole number of homes, at "
                              f"least 1, got: {homes!r}")
        return cls(str(extensions), ack, homes)

    def with_homes(self, homes: int | None) -> int:
        """The homes a CH01 rate is per 1,000 of: --homes, else the config's."""
        chosen = homes if homes is not None else self.homes
        if chosen is None:
            raise InvalidInput("give --homes N, the number of homes owned (CH01 is per 1,000 "
                               "homes), or set homes in the [reports] table of the config")
        if chosen < 1:
            raise InvalidInput(f"--homes must be a whole number of homes, at least 1 (CH01 "
                               f"is per 1,000 homes), got: {chosen}")
        return chosen

    def as_dict(self) -> dict[str, Any]:
        """The settings and the fixed definitions, for the JSON `settings`."""
        return {
            "extensions": self.extensions,
            "acknowledgement": self.acknowledgement,
            "year": "1 April to 31 March",
            "stage1_counted_by": "received",
            "stage2_counted_by": "requested_on",
            "responses_counted_by": "left",
        }

    def lines(self) -> list[str]:
        """The definitions in words, for the text form."""
        ack = ("the acknowledgement and the response each met its deadline"
               if self.acknowledgement else "the response met its deadline (the "
               "acknowledgement is not judged)")
        return [
            "CH01 stage 1 counts complaints by the date they were received, once accepted "
            "into stage 1 (acknowledged); complaints not accepted are reported beside it.",
            "CH01 stage 2 counts requests to escalate by the date the resident asked "
            "(requested_on), once accepted into stage 2; escalations declined are reported "
            "beside it.",
            "CH02 counts stage responses by the date the response left (sent, posted or "
            f"handed over); one is within the Code's timescales when {ack}, each case "
            "judged on the workflow it ran on.",
            f"extensions = \"{self.extensions}\": {EXTENSION_WORDS[self.extensions]}.",
            f"acknowledgement = {str(self.acknowledgement).lower()}.",
        ]
