"""Kazakhstan's directions (Типовые правила, приказ № 385 of 31.08.2022, as ../shared/exchange.md
lists them) with common profiles, the Kazakh and English names of every direction, and which
of them are technical creativity (the statistics' technical share)."""

from django.db import migrations

# slug: (Kazakh, English) for the six Russian directions of 0002
RUSSIAN = {
    "technical": ("Техникалық", "Technical"),
    "science": ("Жаратылыстану-ғылыми", "Natural science"),
    "sport": ("Дене шынықтыру-спорттық", "Physical culture and sport"),
    "arts": ("Көркемдік", "Arts"),
    "tourism": ("Туристік-өлкетану", "Tourism and local history"),
    "social": ("Әлеуметтік-гуманитарлық", "Social and humanities"),
}
TECHNICAL = {"technical", "kz-science-technical"}
KAZAKHSTAN = [
    (
        "kz-science-technical",
        "Научно-техническое",
        "Ғылыми-техникалық",
        "Scientific and technical",
        [
            "Робототехника",
            "Техническое моделирование",
            "Спортивно-техническое моделирование",
            "Радиоэлектроника",
            "Программирование",
        ],
    ),
    (
        "kz-arts-aesthetic",
        "Художественно-эстетическое",
        "Көркем-эстетикалық",
        "Artistic and aesthetic",
        ["Изобразительное искусство", "Хореография", "Вокал", "Домбра", "Декоративно-прикладное искусство"],
    ),
    (
        "kz-ecology-biology",
        "Эколого-биологическое",
        "Экологиялық-биологиялық",
        "Ecological and biological",
        ["Экология", "Юные натуралисты"],
    ),
    (
        "kz-tourism",
        "Туристско-краеведческое",
        "Туристік-өлкетану",
        "Tourism and local history",
        ["Туризм", "Краеведение"],
    ),
    (
        "kz-military-patriotic",
        "Военно-патриотическое",
        "Әскери-патриоттық",
        "Military and patriotic",
        ["Юные патриоты"],
    ),
    (
        "kz-social-pedagogical",
        "Социально-педагогическое",
        "Әлеуметтік-педагогикалық",
        "Social and pedagogical",
        ["Школа лидерства", "Журналистика"],
    ),
]


def create(apps, schema_editor):
    Direction = apps.get_model("programs", "Direction")
    Profile = apps.get_model("programs", "Profile")
    for slug, (name_kk, name_en) in RUSSIAN.items():
        Direction.objects.filter(slug=slug).update(
            name_kk=name_kk, name_en=name_en, is_technical=slug in TECHNICAL
        )
    for position, (slug, name, name_kk, name_en, profiles) in enumerate(KAZAKHSTAN, start=1):
        direction, _ = Direction.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_kk": name_kk,
                "name_en": name_en,
                "position": position,
                "country": "KZ",
                "is_technical": slug in TECHNICAL,
            },
        )
        for profile in profiles:
            Profile.objects.get_or_create(direction=direction, name=profile)


def remove(apps, schema_editor):
    Direction = apps.get_model("programs", "Direction")
    apps.get_model("programs", "Profile").objects.filter(direction__country="KZ").delete()
    Direction.objects.filter(country="KZ").delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0017_countries_languages_statistics")]

    operations = [migrations.RunPython(create, remove)]
