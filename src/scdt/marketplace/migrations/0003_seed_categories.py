"""Seed the eight categories of the issue, in English, Finnish, Polish and Lithuanian.

Each carries the extra fields the network asked for (technology readiness level, budget
range, deadline, ...). Organisers change both later in the back-office; this migration
only adds what is missing, so it never overwrites their edits.
"""

from django.db import migrations

BUDGETS = ["< 10 000 EUR", "10 000–50 000 EUR", "50 000–200 000 EUR", "> 200 000 EUR"]

TRL = ("trl", "number", "Technology readiness level (1–9)", "Teknologian valmiustaso (1–9)",
       "Poziom gotowości technologicznej (1–9)", "Technologinės parengties lygis (1–9)",
       {"min_value": 1, "max_value": 9})
DEADLINE = ("deadline", "date", "Deadline", "Määräaika", "Termin", "Terminas", {})
BUDGET = ("budget_range", "choice", "Budget range", "Budjetti", "Przedział budżetu",
          "Biudžeto intervalas", {"choices": BUDGETS})

CATEGORIES = [
    # slug, en, fi, pl, lt, fields
    ("scdt-service", "SCDT service or solution", "SCDT-palvelu tai -ratkaisu",
     "Usługa lub rozwiązanie SCDT", "SCDT paslauga ar sprendimas",
     [TRL, ("deployment", "choice", "Deployment", "Käyttöönottotapa", "Sposób wdrożenia",
            "Diegimo būdas", {"choices": ["cloud", "on-premises", "hybrid"]})]),
    ("product", "Product", "Tuote", "Produkt", "Produktas", [TRL, BUDGET]),
    ("open-data", "Open data or data service", "Avoin data tai datapalvelu",
     "Otwarte dane lub usługa danych", "Atvirieji duomenys ar duomenų paslauga",
     [("licence", "choice", "Licence", "Lisenssi", "Licencja", "Licencija",
       {"choices": ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "other"]}),
      ("update_frequency", "choice", "Update frequency", "Päivitystiheys",
       "Częstotliwość aktualizacji", "Atnaujinimo dažnumas",
       {"choices": ["real-time", "daily", "weekly", "monthly", "yearly", "irregular"]}),
      ("formats", "text", "Formats", "Tiedostomuodot", "Formaty", "Formatai", {"max_length": 200})]),
    ("expertise", "Expertise or consulting", "Asiantuntemus tai konsultointi",
     "Ekspertyza lub doradztwo", "Ekspertizė ar konsultavimas",
     [("availability", "text", "Availability", "Saatavuus", "Dostępność", "Prieinamumas",
       {"max_length": 200})]),
    ("rd-cooperation", "R&D cooperation", "T&K-yhteistyö", "Współpraca B+R",
     "MTEP bendradarbiavimas",
     [("programme", "text", "Funding programme", "Rahoitusohjelma", "Program finansowania",
       "Finansavimo programa", {"max_length": 200}), DEADLINE]),
    ("pilot", "Pilot or test environment", "Pilotti- tai testiympäristö",
     "Pilotaż lub środowisko testowe", "Bandomasis projektas ar testavimo aplinka",
     [TRL, ("available_from", "date", "Available from", "Käytettävissä alkaen", "Dostępne od",
            "Prieinama nuo", {})]),
    ("procurement", "Procurement need or challenge", "Hankintatarve tai haaste",
     "Potrzeba zakupowa lub wyzwanie", "Pirkimo poreikis ar iššūkis", [BUDGET, DEADLINE]),
    ("funding", "Funding or investment", "Rahoitus tai investointi",
     "Finansowanie lub inwestycja", "Finansavimas ar investicijos",
     [("amount_eur", "number", "Amount (EUR)", "Summa (EUR)", "Kwota (EUR)", "Suma (EUR)",
       {"min_value": 0}), DEADLINE]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    CategoryField = apps.get_model("marketplace", "CategoryField")
    for position, (slug, en, fi, pl, lt, fields) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={"name_en": en, "name_fi": fi, "name_pl": pl, "name_lt": lt, "position": position},
        )
        for field_position, (key, kind, f_en, f_fi, f_pl, f_lt, options) in enumerate(fields, start=1):
            CategoryField.objects.get_or_create(
                category=category,
                key=key,
                defaults={
                    "type": kind, "name_en": f_en, "name_fi": f_fi, "name_pl": f_pl,
                    "name_lt": f_lt, "position": field_position, **options,
                },
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    Category.objects.filter(slug__in=[row[0] for row in CATEGORIES], opportunities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_search_index")]

    operations = [migrations.RunPython(seed, unseed)]
