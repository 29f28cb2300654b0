"""Generated clubs, programs, groups, schedules, enrolments, applications and a sample's
attendance register (see centre/generate): seed 004's Kazakhstan at the scale's fraction.

plan.py decides every club, group, child count and teacher first (seed 004's figures exact),
records.py writes them, register.py the applications and the register. Every group's
children fit its ages, no group is overbooked, and no room or teacher is in two places at
once: the database's own constraints check each row."""

from centre.generate import Generator
from programs.generate.plan import TIMES, make_plan
from programs.generate.records import clubs_and_programs, enrolments, groups, lessons
from programs.generate.register import BEHIND_DAYS, BEHIND_EVERY, REGISTER_EVERY, applications, register

__all__ = ["BEHIND_DAYS", "BEHIND_EVERY", "REGISTER_EVERY", "TIMES", "generate"]


def generate(gen: Generator) -> None:
    plan = make_plan(gen.scale.figures, gen.data["territory"], gen.rng)
    gen.say(f"plan: {len(plan.clubs):,} clubs, {len(plan.groups):,} groups, {len(plan.teachers):,} teachers")
    first_club, first_program = clubs_and_programs(gen, plan)
    rows = groups(gen, plan, first_club, first_program)
    lessons(gen, plan, rows)
    learners = enrolments(gen, plan, rows)
    applications(gen, rows, n_applications=max(len(learners) // 20, 10))
    register(gen, plan, rows)
