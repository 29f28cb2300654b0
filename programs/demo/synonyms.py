"""The words parents type for the demo's clubs, beside the general list of migration 0013
(IT, лего, 3D, робот …): each row is one SearchSynonyms, found by its words (idempotent)."""

from programs.models import SearchSynonyms

DEMO_SYNONYMS = [
    ["дрон", "дроны", "квадрокоптер", "квадрокоптеры", "беспилотник", "бпла", "drone", "аэроквантум"],
    ["авиамоделирование", "авиамодели", "самолеты", "авиамоделизм"],
    ["хайтек", "лазер", "лазерная", "чпу", "прототип", "hitech"],
    ["дизайн", "design", "промдизайн", "эскиз"],
    ["химия", "chemistry", "опыты", "эксперименты", "химик"],
    ["астрономия", "астроном", "космос", "звезды", "телескоп", "astronomy"],
    ["биология", "биоквантум", "биолог", "biology"],
    ["экология", "эколог", "природа", "ecology"],
    ["каратэ", "карате", "karate", "единоборства", "борьба"],
    ["театр", "театральный", "актер", "актерское", "драмкружок", "theatre"],
    ["журналистика", "журналист", "медиа", "media", "блогер"],
    ["телевидение", "телестудия", "тв", "видео", "видеосъемка"],
    ["туризм", "туристский", "походы", "поход", "туристы"],
    ["ориентирование", "orienteering", "азимут"],
    ["краеведение", "краеведы", "музей", "экскурсоводы", "экскурсии"],
    ["волонтерство", "волонтеры", "волонтерский", "добровольцы", "добровольчество"],
    ["подготовка", "дошкольники", "малыши", "предшкольная"],
    ["бисер", "бисероплетение", "рукоделие", "поделки", "handmade"],
    ["рисование", "акварель", "графика", "художник", "художественная"],
    ["исследования", "исследователь", "наука"],
    ["овз", "инвалидность", "инвалидностью", "особые"],
]


def load_synonyms(stdout=None) -> None:
    """Add the rows of DEMO_SYNONYMS that are not there yet (a row is known by its words)."""
    have = {tuple(words) for words in SearchSynonyms.objects.values_list("words", flat=True)}
    missing = [SearchSynonyms(words=words) for words in DEMO_SYNONYMS if tuple(words) not in have]
    for row in missing:
        row.full_clean()
    SearchSynonyms.objects.bulk_create(missing)
    if missing:
        SearchSynonyms.objects.forget_cached()
    if stdout:
        stdout.write(f"Search synonyms: {SearchSynonyms.objects.count()} rows.")
