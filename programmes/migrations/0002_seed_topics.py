"""Seed the topic catalogue with the themes of the brief, named in both languages.

get_or_create by slug: running it on a database where HR already renamed a
topic keeps HR's names.
"""

from django.db import migrations

TOPICS = [
    # Taught by the junior mentors.
    ("social-networks", "taught", "Social networks and personal branding", "Réseaux sociaux et marque personnelle"),
    ("generative-ai", "taught", "Generative AI", "IA générative"),
    ("collaboration-tools", "taught", "Collaboration tools", "Outils collaboratifs"),
    ("digital-security", "taught", "Digital security hygiene", "Hygiène de sécurité numérique"),
    ("consumer-habits", "taught", "New consumer habits", "Nouveaux usages de consommation"),
    ("csr-sustainability", "taught", "CSR and sustainability", "RSE et développement durable"),
    ("diversity-inclusion", "taught", "Diversity and inclusion", "Diversité et inclusion"),
    ("generation-z", "taught", "Generation Z at work", "La génération Z au travail"),
    # Given back by the senior mentees.
    ("strategy", "given_back", "Strategy", "Stratégie"),
    ("leadership", "given_back", "Leadership", "Leadership"),
    ("career-navigation", "given_back", "Career navigation", "Pilotage de carrière"),
    ("networking", "given_back", "Networking", "Réseautage"),
    ("negotiation", "given_back", "Negotiation", "Négociation"),
]


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("programmes", "Topic")
    for slug, kind, name_en, name_fr in TOPICS:
        Topic.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "name_en": name_en, "name_fr": name_fr}
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(seed_topics, migrations.RunPython.noop)]
