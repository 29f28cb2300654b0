"""Background work of the waiting list (django-tasks, database backend): each offer of a place
has a reminder task and a deadline task, scheduled with ``run_after`` when the offer is made,
in the offer's own transaction (the database backend stores the task as a row: an offer that
rolls back leaves no task). ``manage.py expire_offers`` is the safety net for a worker that
was down. The receiver below is connected by importing this module (ProgramsConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from programs.models import Offer
from programs.services.waitlist import lapse_offer, remind_offer


@task()
def offer_deadline(*, offer_id: int) -> bool:
    """Lapse the offer if it is still unanswered at its deadline (the place goes on). A task
    that runs early (a clock ahead of the database's) puts itself off until the deadline."""
    offer = Offer.objects.filter(pk=offer_id).only("status", "expires_at").first()
    if offer is None or offer.status != Offer.Status.OPEN:
        return False
    if offer.expires_at > timezone.now():
        offer_deadline.using(run_after=offer.expires_at).enqueue(offer_id=offer_id)
        return False
    return lapse_offer(offer_id)


@task()
def offer_reminder(*, offer_id: int) -> bool:
    """Remind the parent that the offer expires soon, once, if it is still unanswered."""
    return remind_offer(offer_id)


def schedule(offer: Offer) -> None:
    """The offer's reminder (when there is time for one) and its deadline."""
    if offer.remind_at > offer.offered_at:
        offer_reminder.using(run_after=offer.remind_at).enqueue(offer_id=offer.pk)
    offer_deadline.using(run_after=offer.expires_at).enqueue(offer_id=offer.pk)


@receiver(post_save, sender=Offer, dispatch_uid="programs.tasks.schedule")
def schedule_new_offer(sender, instance: Offer, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        schedule(instance)
