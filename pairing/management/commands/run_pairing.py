import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from pairing import services
from pairing.models import Pair, PairingRound
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Run a pairing round for a programme, as HR does on the round page: locked pairs kept, "
        "forbidden pairs never proposed, published pairs left as they are. --publish makes the "
        "proposals active and emails the introductions; --json prints the result as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme", help="The programme's short name (slug).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pairs after the round."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the result as JSON."
        )
        parser.add_argument(
            "--weights",
            help="Complementarity, affinity and diversity in %%, e.g. 50,25,25 "
            "(default: the programme's last round).",
        )
        parser.add_argument(
            "--goal",
            choices=PairingRound.Goal.values,
            help="most_pairs: pair as many people as possible; quality: only pairs scoring at "
            "least --min-score (default: the programme's last round).",
        )
        parser.add_argument(
            "--min-score",
            type=int,
            help="The lowest score a pair may have, 1 to 100 (implies --goal quality).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the reasons.",
        )

    def handle(
        self,
        *args: Any,
        programme: str,
        publish: bool,
        as_json: bool,
        weights: str | None,
        goal: str | None,
        min_score: int | None,
        language: str,
        **options: Any,
    ) -> None:
        with translation.override(language):
            target = Programme.objects.filter(slug=programme).first()
            if target is None:
                raise CommandError(
                    _("There is no programme with the short name “%(slug)s”.") % {"slug": programme}
                )
            try:
                if min_score is not None and goal is None:
                    goal = PairingRound.Goal.QUALITY
                pairing_round = services.start_round(
                    programme=target,
                    by=None,
                    weights=self._weights(weights),
                    goal=goal,
                    min_score=min_score,
                    run_now=True,
                )
            except services.PairingRefused as refusal:
                raise CommandError(" ".join(refusal.reasons)) from refusal
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            if pairing_round.status != PairingRound.Status.DONE:
                raise CommandError(
                    _("The round failed: %(error)s")
                    % {"error": json.dumps(pairing_round.error, ensure_ascii=False)}
                )
            published = False
            if publish and pairing_round.paired_count:
                try:
                    services.publish(programme=target, by=None)
                except services.PairingRefused as refusal:
                    raise CommandError(" ".join(refusal.reasons)) from refusal
                published = True
            result = self._result(target, pairing_round, published)
            if as_json:
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                self._summary(result)

    def _weights(self, text: str | None) -> dict[str, int] | None:
        if not text:
            return None
        try:
            values = [int(value) for value in text.split(",")]
        except ValueError:
            values = []
        if len(values) != 3 or min(values) < 0 or sum(values) == 0:
            raise CommandError(
                _("--weights takes three whole numbers, such as 50,25,25, not all zero.")
            )
        return dict(zip(services.DEFAULT_WEIGHTS, values, strict=True))

    def _result(
        self, programme: Programme, pairing_round: PairingRound, published: bool
    ) -> dict[str, Any]:
        topics = services.topic_names()
        pairs = (
            Pair.objects.filter(round=pairing_round)
            .select_related("mentor_person", "mentee_person")
            .order_by("mentor_person__email", "mentee_person__email")
        )
        unpaired = pairing_round.unpaired.select_related("enrolment__person").order_by(
            "enrolment__person__email"
        )

        def reasons(stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
            texts = services.describe(stored, topics)
            return [{**item, "text": text} for item, text in zip(stored, texts, strict=True)]

        return {
            "programme": programme.slug,
            "round": str(pairing_round.code),
            "weights": pairing_round.weights,
            "goal": pairing_round.goal,
            "min_score": pairing_round.min_score,
            "published": published,
            "total_score": pairing_round.total_score,
            "pairs": [
                {
                    "mentor": pair.mentor_person.email,
                    "mentee": pair.mentee_person.email,
                    "score": pair.score,
                    "parts": pair.parts,
                    "locked": pair.locked,
                    "reasons": reasons(pair.reasons),
                }
                for pair in pairs
            ],
            "unpaired": [
                {
                    "email": row.enrolment.person.email,
                    "role": row.enrolment.role,
                    "reasons": reasons(row.reasons),
                }
                for row in unpaired
            ],
        }

    def _summary(self, result: dict[str, Any]) -> None:
        for pair in result["pairs"]:
            why = " ".join(reason["text"] for reason in pair["reasons"])
            self.stdout.write(f"{pair['mentor']} → {pair['mentee']}  {pair['score']}  {why}")
        for person in result["unpaired"]:
            why = " ".join(reason["text"] for reason in person["reasons"])
            self.stdout.write(f"{person['email']} ({person['role']}): {why}")
        message = _("%(pairs)d pairs proposed, %(unpaired)d people left with no or free places.")
        if result["published"]:
            message = _(
                "%(pairs)d pairs published, %(unpaired)d people left with no or free places."
            )
        self.stdout.write(
            self.style.SUCCESS(
                message % {"pairs": len(result["pairs"]), "unpaired": len(result["unpaired"])}
            )
        )
