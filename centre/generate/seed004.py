"""Seed 004's figures (the Republic of Kazakhstan, press release of 13.02.2018) and what a
scale makes of them: the nation scale is the republic itself, a smaller scale the same
proportions at a fraction of it (docs/performance.md, "Generated data").

The press release: 1,287 organisations of supplementary education, of which 850 (21.3 %,
648,295 children) of education and 437 (9.8 %, 299,032 children) of culture and sport;
62,067 clubs at schools (46.5 %, 1,417,639 children); 2,364,966 children in all, 77.6 % of the
pupils; 18,828 teachers. Technical creativity: 3.6 % of the pupils, over 37 thousand in
23 stations and centres of technical creativity and 200 technical clubs of houses of
creativity, more than 73 thousand in 3,088 school clubs; 479 teachers.
"""

import math
from dataclasses import dataclass

CENTRES = 850
STATIONS = 23  # of the centres: stations and centres of technical creativity
CULTURE_SPORT = 437
SCHOOL_CLUBS = 62_067
TECHNICAL_SCHOOL_CLUBS = 3_088
TECHNICAL_HOUSE_CLUBS = 200  # technical clubs of the other centres (houses of creativity)
CENTRE_LEARNERS = 648_295
SCHOOL_LEARNERS = 1_417_639
CULTURE_LEARNERS = 299_032
LEARNERS = CENTRE_LEARNERS + SCHOOL_LEARNERS + CULTURE_LEARNERS  # 2,364,966
COVERAGE = 0.776
PUPILS = round(LEARNERS / COVERAGE)  # 3,047,637: the territory's schoolchildren
# "over 37 thousand" and "more than 73 thousand": 110,500 children, 3.63 % of the pupils,
# which the press release rounds to 3.6 %
TECHNICAL_CENTRE_LEARNERS = 37_200
TECHNICAL_SCHOOL_LEARNERS = 73_300
TEACHERS = 18_828
TECHNICAL_TEACHERS = 479
# the press release gives no number of schools: about nine clubs a school (invented)
CLUBS_PER_SCHOOL = 9

assert LEARNERS == 2_364_966 and PUPILS == 3_047_637


@dataclass(frozen=True)
class Figures:
    """A scale's counts: seed 004's times the scale's fraction, each kind at least one."""

    stations: int
    houses: int  # the centres that are not stations
    culture_sport: int
    schools: int
    school_clubs: int
    technical_school_clubs: int
    technical_house_clubs: int
    centre_learners: int
    technical_centre_learners: int
    school_learners: int
    technical_school_learners: int
    culture_learners: int
    teachers: int
    technical_teachers: int

    @property
    def centres(self) -> int:
        return self.stations + self.houses

    @property
    def organisations(self) -> int:
        """The organisations of supplementary education (seed 004's 1,287: schools apart)."""
        return self.centres + self.culture_sport

    @property
    def learners(self) -> int:
        return self.centre_learners + self.school_learners + self.culture_learners

    @property
    def technical_learners(self) -> int:
        return self.technical_centre_learners + self.technical_school_learners

    @property
    def pupils(self) -> int:
        """The territory's schoolchildren: the children are COVERAGE of them."""
        return round(self.learners / COVERAGE)


def figures(fraction: float) -> Figures:
    def part(value: int, least: int = 1) -> int:
        return max(least, round(value * fraction))

    centres = part(CENTRES, 2)  # a station and a house at least
    stations = min(part(STATIONS), centres - 1)
    school_clubs = part(SCHOOL_CLUBS)
    centre_learners = part(CENTRE_LEARNERS, 20)
    school_learners = part(SCHOOL_LEARNERS, 20)
    return Figures(
        stations=stations,
        houses=centres - stations,
        culture_sport=part(CULTURE_SPORT),
        schools=max(1, math.ceil(school_clubs / CLUBS_PER_SCHOOL)),
        school_clubs=school_clubs,
        technical_school_clubs=min(part(TECHNICAL_SCHOOL_CLUBS), school_clubs - 1),
        technical_house_clubs=part(TECHNICAL_HOUSE_CLUBS, 0),
        centre_learners=centre_learners,
        technical_centre_learners=min(part(TECHNICAL_CENTRE_LEARNERS), centre_learners // 2),
        school_learners=school_learners,
        technical_school_learners=min(part(TECHNICAL_SCHOOL_LEARNERS), school_learners // 2),
        culture_learners=part(CULTURE_LEARNERS, 10),
        teachers=part(TEACHERS),
        technical_teachers=part(TECHNICAL_TEACHERS),
    )
