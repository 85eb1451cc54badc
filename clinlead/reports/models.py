"""Monthly reports by email: a manager's subscription (the filters of a report, kept as its address's query) and
one row per subscription and month, written in the transaction that sends it, so each month's report goes once."""

from django.conf import settings
from django.db import models


class Subscription(models.Model):
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions")
    query = models.CharField(max_length=2000, blank=True, help_text="The report's filters, as in its address.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manager", "query"], name="one_subscription_per_report")]

    def __str__(self) -> str:
        return f"monthly report for {self.manager_id}: {self.query or 'everyone'}"


class MonthlySend(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sends")
    month = models.DateField(help_text="The first day of the month the report was sent for.")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "month"], name="one_send_per_month")]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.month:%Y-%m}"
