"""The default charter and closing message, in both languages.

Kept as data rather than as translatable UI strings: HR edits each programme's
copy in English and in French, and the French default must exist even before
locale/fr is filled in. One paragraph per rule, separated by blank lines. The closing
message is no model default: the form offers it (templates_catalogue.blank_initial), so
that no programme thanks its participants in words HR never saw.
"""

DEFAULT_CHARTER_EN = "\n\n".join(
    [
        "1. Volunteering. Everyone in this programme chose to take part, mentors and mentees "
        "alike. Either may step back at any time, simply by telling the other person and HR.",
        "2. Confidentiality. What is said within a pair stays within the pair. Private notes "
        "belong to the two members; HR sees only that sessions took place and how long they "
        "lasted.",
        "3. Respect. The mentor leads on the topics they teach, whatever their grade. Listen, "
        "ask, and set titles and hierarchy aside: each of you has something to learn from the "
        "other.",
        "4. Time commitment. Free the time in both agendas, come prepared, keep the sessions you "
        "planned, and warn the other person early if you must move one.",
    ]
)

DEFAULT_CHARTER_FR = "\n\n".join(
    [
        "1. Volontariat. Chaque personne de ce programme a choisi d'y participer, mentors comme "
        "mentoré·es. Chacun·e peut se retirer à tout moment, en le disant simplement à l'autre "
        "et aux RH.",
        "2. Confidentialité. Ce qui se dit dans un binôme reste dans le binôme. Les notes "
        "privées appartiennent aux deux membres ; les RH voient seulement que les séances ont "
        "eu lieu et leur durée.",
        "3. Respect. Le mentor mène la séance sur les sujets qu'il transmet, quel que soit son "
        "grade. Écoutez, questionnez, et laissez titres et hiérarchie de côté : chacun·e a "
        "quelque chose à apprendre de l'autre.",
        "4. Engagement de temps. Libérez ce temps dans les deux agendas, venez préparé·e, tenez "
        "les séances prévues et prévenez tôt si vous devez en déplacer une.",
    ]
)


def default_charter_en() -> str:
    return DEFAULT_CHARTER_EN


def default_charter_fr() -> str:
    return DEFAULT_CHARTER_FR


DEFAULT_CLOSING_EN = "\n\n".join(
    [
        "Thank you for the time you gave to this programme. Mentors, you opened new tools and "
        "new ways of seeing to your mentees; mentees, you shared how the company works and "
        "decides.",
        "Keep in touch with your pair: what you started together does not have to stop here. "
        "And tell us what you would change for the next edition: we read every answer to the "
        "final review.",
    ]
)

DEFAULT_CLOSING_FR = "\n\n".join(
    [
        "Merci pour le temps que vous avez donné à ce programme. Mentors, vous avez ouvert à "
        "vos mentoré·es de nouveaux outils et de nouveaux regards\u00a0; mentoré·es, vous avez "
        "partagé la façon dont l'entreprise fonctionne et décide.",
        "Restez en contact avec votre binôme\u00a0: ce que vous avez commencé ensemble peut "
        "continuer. Et dites-nous ce que vous changeriez pour la prochaine édition\u00a0: nous "
        "lisons chaque réponse au bilan final.",
    ]
)
