"""The package's dictionaries and how our values map onto their codes: one table a dictionary.

Each table lists the package's items (code, name, as the dictionary element carries them) and
which of our values each code stands for. The export writes ``table.code(ours)``; the import
reads ``table.ours(code)``, which accepts the spellings real packages use (underscores for
hyphens, any case) and answers None for a code it does not know: the importer reports it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    # our value this code is read as (None: the code has no meaning of ours; an import names it)
    ours: str | None = None


@dataclass(frozen=True)
class Dictionary:
    """One of the package's dictionaries. ``exports`` maps each of our values onto the code
    the export writes for it; reading a code back gives the item's ``ours``."""

    name: str
    items: tuple[Item, ...]
    exports: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        codes = {item.code for item in self.items}
        missing = set(self.exports.values()) - codes
        if missing:
            raise ValueError(f"{self.name}: codes written but not listed: {sorted(missing)}")

    @staticmethod
    def normal(code: str) -> str:
        return str(code).strip().lower().replace("_", "-")

    def code(self, ours: str) -> str:
        """The code written for our value (KeyError for a value without one: a bug)."""
        return self.exports[ours]

    def ours(self, code: str) -> str | None:
        """Our value for a code read from a package, or None for an unknown code."""
        wanted = self.normal(code)
        for item in self.items:
            if self.normal(item.code) == wanted:
                return item.ours
        return None

    def knows(self, code: str) -> bool:
        wanted = self.normal(code)
        return any(self.normal(item.code) == wanted for item in self.items)


# Organisation.Kind → PartnerTypes
PARTNER_TYPES = Dictionary(
    "PartnerTypes",
    (
        Item("none", "Не указан", "other"),
        Item("additional", "Организация дополнительного образования", "centre"),
        Item("preschool", "Дошкольная образовательная организация", "other"),
        Item("general", "Общеобразовательная организация", "school"),
        Item("professional", "Профессиональная образовательная организация", "university"),
        Item("high", "Образовательная организация высшего образования", "university"),
        Item("additional_professional", "Организация дополнительного профессионального образования", "other"),
        Item("atypical", "Организация, не являющаяся образовательной", "industrial"),
        Item("sport", "Спортивная организация", "other"),
    ),
    {
        "centre": "additional",
        "subdivision": "additional",
        # a school of arts or of sport teaches by supplementary programs too (seed 004's 437)
        "culture_sport": "additional",
        "school": "general",
        "university": "high",
        "industrial": "atypical",
        "authority": "none",
        "other": "none",
    },
)

# the founder's sector: we keep none, every organisation is written as education's
DEPARTMENTS = Dictionary(
    "Departments",
    (
        Item("educations", "Образование", "educations"),
        Item("socials", "Социальная защита", "socials"),
        Item("cultures", "Культура", "cultures"),
        Item("sports", "Спорт", "sports"),
        Item("politics", "Молодёжная политика", "politics"),
        Item("others", "Другое", "others"),
        Item("none", "Не указано", "none"),
    ),
    {"educations": "educations"},
)

# Level → ProgramLevels
PROGRAM_LEVELS = Dictionary(
    "ProgramLevels",
    (
        Item("initial", "Стартовый", "starter"),
        Item("basic", "Базовый", "basic"),
        Item("advanced", "Продвинутый", "advanced"),
    ),
    {"starter": "initial", "basic": "basic", "advanced": "advanced"},
)

# written from the groups' funding: certified (a certificate group), paid, or other
PROGRAM_REGISTRIES = Dictionary(
    "ProgramRegistries",
    (
        Item("preprof", "Предпрофессиональные программы", "preprof"),
        Item("valued", "Значимые программы", "valued"),
        Item("other", "Иные программы", "other"),
        Item("certified", "Сертифицированные программы", "certified"),
        Item("paid", "Платные программы", "paid"),
    ),
    {"certified": "certified", "paid": "paid", "other": "other"},
)

# Disability → OvzTypes. The federal list has no musculoskeletal code, though real packages
# carry one: ours lists it, so that every code we write is in our dictionary.
OVZ_TYPES = Dictionary(
    "OvzTypes",
    (
        Item("deafness", "Глухие", "hearing"),
        Item("hearing_impairment", "Слабослышащие и позднооглохшие", "hearing"),
        Item("blindness", "Слепые", "sight"),
        Item("visual_impairment", "Слабовидящие", "sight"),
        Item("speech_impairment", "Тяжёлые нарушения речи", "speech"),
        Item("mental_impairment", "Задержка психического развития", "delay"),
        Item("authism", "Расстройства аутистического спектра", "autism"),
        Item("intellectual_disability", "Умственная отсталость (интеллектуальные нарушения)", "intellectual"),
        Item("musculoskeletal_disorders", "Нарушения опорно-двигательного аппарата", "musculoskeletal"),
    ),
    {
        "hearing": "hearing_impairment",
        "sight": "visual_impairment",
        "speech": "speech_impairment",
        "delay": "mental_impairment",
        "autism": "authism",
        "intellectual": "intellectual_disability",
        "musculoskeletal": "musculoskeletal_disorders",
    },
)

# every program of ours is общеразвивающая
PROGRAM_TYPES = Dictionary(
    "ProgramTypes",
    (
        Item("general", "Общеразвивающая", "general"),
        Item("preprof", "Предпрофессиональная", "preprof"),
        Item("sport", "Спортивной подготовки", "sport"),
    ),
    {"general": "general"},
)

# Program.Status → ProgramStates (an imported program is a draft whatever its state)
PROGRAM_STATES = Dictionary(
    "ProgramStates",
    (
        Item("initial", "Черновик", "draft"),
        Item("moderating", "На модерации", "review"),
        Item("published", "Опубликована", "published"),
        Item("wait_for_editing", "Ожидает исправлений", "returned"),
        Item("archive", "В архиве", "archived"),
    ),
    {
        "draft": "initial",
        "review": "moderating",
        "published": "published",
        "returned": "wait_for_editing",
        "archived": "archive",
    },
)

# Direction.slug → ProgramFocuses (read with underscores too: Dictionary.normal)
PROGRAM_FOCUSES = Dictionary(
    "ProgramFocuses",
    (
        Item("tekhnicheskoe", "Техническая", "technical"),
        Item("estestvennonauchnoe", "Естественнонаучная", "science"),
        Item("hudozhestvennoe", "Художественная", "arts"),
        Item("fizkulturno-sportivnoe", "Физкультурно-спортивная", "sport"),
        Item("turistsko-kraevedcheskoe", "Туристско-краеведческая", "tourism"),
        Item("socialno-pedagogicheskoe", "Социально-гуманитарная", "social"),
    ),
    {
        "technical": "tekhnicheskoe",
        "science": "estestvennonauchnoe",
        "arts": "hudozhestvennoe",
        "sport": "fizkulturno-sportivnoe",
        "tourism": "turistsko-kraevedcheskoe",
        "social": "socialno-pedagogicheskoe",
    },
)

# Group.Funding → FinancialSources
FINANCIAL_SOURCES = Dictionary(
    "FinancialSources",
    (
        Item("none", "Не указан", None),
        Item("budget", "Бюджет (бесплатно)", "free"),
        Item("paid", "Платно", "paid"),
        Item("pfdod_certificate", "Сертификат ПФДО", "certificate"),
        Item("private", "Средства физических и юридических лиц", "paid"),
    ),
    {"free": "budget", "paid": "paid", "certificate": "pfdod_certificate"},
)

DICTIONARIES = (
    PARTNER_TYPES,
    DEPARTMENTS,
    PROGRAM_LEVELS,
    PROGRAM_REGISTRIES,
    OVZ_TYPES,
    PROGRAM_TYPES,
    PROGRAM_STATES,
    PROGRAM_FOCUSES,
    FINANCIAL_SOURCES,
)

# ScheduleSlot.Weekday (1 = Monday) ↔ the package's weekDays; not a dictionary of the package
WEEKDAYS = {1: "mon", 2: "tue", 3: "wed", 4: "thu", 5: "fri", 6: "sat", 7: "sun"}
WEEKDAY_NUMBERS = {code: number for number, code in WEEKDAYS.items()}
