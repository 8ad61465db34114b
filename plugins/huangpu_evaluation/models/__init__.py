"""The huangpu_evaluation plugin's records; every table name starts with the plugin's name."""

from plugins.huangpu_evaluation.models.ballots import Ballot, BallotCode, BallotMark, PaperBatch
from plugins.huangpu_evaluation.models.rounds import (
    Participant,
    Round,
    RoundCommittee,
    RoundSubject,
)
from plugins.huangpu_evaluation.models.street import StreetEvaluation

__all__ = [
    "Ballot",
    "BallotCode",
    "BallotMark",
    "PaperBatch",
    "Participant",
    "Round",
    "RoundCommittee",
    "RoundSubject",
    "StreetEvaluation",
]
