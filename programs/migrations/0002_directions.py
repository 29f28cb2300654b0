"""The six Russian directions (направленности) with common profiles, as data."""

from django.db import migrations

DIRECTIONS = [
    (
        "technical",
        "Техническая",
        ["Робототехника", "Программирование", "VR/AR", "Промышленный дизайн", "Хайтек", "Авиамоделирование"],
    ),
    ("science", "Естественнонаучная", ["Экология", "Биология", "Химия", "Астрономия"]),
    ("sport", "Физкультурно-спортивная", ["Шахматы", "Спортивные игры", "Единоборства"]),
    (
        "arts",
        "Художественная",
        ["Хореография", "Изобразительное искусство", "Вокал", "Театр", "Декоративно-прикладное творчество"],
    ),
    ("tourism", "Туристско-краеведческая", ["Спортивный туризм", "Краеведение", "Музейное дело"]),
    (
        "social",
        "Социально-гуманитарная",
        ["Журналистика", "Иностранные языки", "Волонтёрство", "Предшкольная подготовка"],
    ),
]


def create(apps, schema_editor):
    Direction = apps.get_model("programs", "Direction")
    Profile = apps.get_model("programs", "Profile")
    for position, (slug, name, profiles) in enumerate(DIRECTIONS, start=1):
        direction, _ = Direction.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for profile in profiles:
            Profile.objects.get_or_create(direction=direction, name=profile)


def remove(apps, schema_editor):
    apps.get_model("programs", "Profile").objects.filter(
        direction__slug__in=[d[0] for d in DIRECTIONS]
    ).delete()
    apps.get_model("programs", "Direction").objects.filter(slug__in=[d[0] for d in DIRECTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
