"""Seed the topic taxonomy in English, Finnish, Polish and Lithuanian.

HVD categories follow Commission Implementing Regulation (EU) 2023/138. A topic gets one
only where the category's datasets are the core of the topic, so that a feed filtered by
category does not promise data it cannot deliver:

- energy: no category. The regulation's "earth observation and environment" covers the
  INSPIRE theme *energy resources* (deposits, potentials), not the consumption, grid and
  district-heating data city twins work with; tagging it would overstate.
- water: "earth observation and environment", whose annex covers the INSPIRE themes
  hydrography and utility and governmental services (water networks).
- economy: "statistics" rather than "companies". The statistics category covers the
  regional economy and tourism indicators (GDP, arrivals, nights spent) the topic is about;
  "companies" covers only company registers, a narrow slice of it.
- environment: "earth observation and environment"; "meteorological" is a category of its
  own and no topic here is about weather data alone.
"""

from django.db import migrations

HVD = "http://data.europa.eu/bna/"

TOPICS = [
    # slug, en, fi, pl, lt, HVD category code
    ("mobility", "Mobility and transport", "Liikkuminen ja liikenne",
     "Mobilność i transport", "Judumas ir transportas", "c_b79e35eb"),
    ("energy", "Energy", "Energia", "Energia", "Energetika", ""),
    ("environment", "Environment and climate", "Ympäristö ja ilmasto",
     "Środowisko i klimat", "Aplinka ir klimatas", "c_dd313021"),
    ("buildings", "Buildings, 3D city models and planning",
     "Rakennukset, 3D-kaupunkimallit ja kaavoitus",
     "Budynki, modele 3D miast i planowanie przestrzenne",
     "Pastatai, 3D miestų modeliai ir planavimas", "c_ac64a52d"),
    ("water", "Water and utilities", "Vesi ja kunnallistekniikka",
     "Woda i infrastruktura komunalna", "Vanduo ir komunalinės paslaugos", "c_dd313021"),
    ("health", "Health and well-being", "Terveys ja hyvinvointi",
     "Zdrowie i dobrostan", "Sveikata ir gerovė", ""),
    ("public-services", "Public services and participation", "Julkiset palvelut ja osallisuus",
     "Usługi publiczne i partycypacja", "Viešosios paslaugos ir dalyvavimas", ""),
    ("economy", "Economy, business and tourism", "Talous, elinkeinoelämä ja matkailu",
     "Gospodarka, biznes i turystyka", "Ekonomika, verslas ir turizmas", "c_e1da4e07"),
    ("data-platforms", "Data platforms and interoperability", "Data-alustat ja yhteentoimivuus",
     "Platformy danych i interoperacyjność", "Duomenų platformos ir sąveikumas", ""),
    ("ai-simulation", "AI, simulation and analytics", "Tekoäly, simulointi ja analytiikka",
     "Sztuczna inteligencja, symulacje i analityka",
     "Dirbtinis intelektas, modeliavimas ir analitika", ""),
]


def seed_topics(apps, schema_editor):
    Topic = apps.get_model("directory", "Topic")
    for position, (slug, en, fi, pl, lt, hvd) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": en,
                "name_fi": fi,
                "name_pl": pl,
                "name_lt": lt,
                "hvd_category": f"{HVD}{hvd}" if hvd else "",
                "position": position,
            },
        )


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("directory", "Topic")
    Topic.objects.filter(slug__in=[row[0] for row in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed_topics, remove_topics)]
